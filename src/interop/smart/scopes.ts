// SMART App Launch 2 system scopes ("system/Observation.rs"), and the v1 forms EHRs still send
// ("system/Observation.read"): what a client asks for, what it was registered for, what a route needs.
// Hand-written: the grammar is one line of the SMART spec and no kept library parses only this.
import { codePoints } from '../../domain/codePoints.js';

const PERMISSIONS = 'cruds';

export interface SystemScope {
  /** A FHIR resource type, or '*'. */
  resource: string;
  /** The permission letters, in c-r-u-d-s order (v1 read = rs, write = cud, * = cruds). */
  permissions: string;
}

/** A scope as SMART writes it, or null when it is not a system scope isocourse understands. */
export function parseScope(scope: string): SystemScope | null {
  const match = /^system\/([A-Z][A-Za-z]{0,63}|\*)\.([a-z*]+)$/.exec(scope);
  if (match === null) {
    return null;
  }
  const [, resource, access] = match as unknown as [string, string, string];
  const v1: Record<string, string> = { read: 'rs', write: 'cud', '*': PERMISSIONS };
  const letters = v1[access] ?? access;
  // v2 letters are a subsequence of "cruds", each at most once, in that order.
  let position = 0;
  for (const letter of letters) {
    const found = PERMISSIONS.indexOf(letter, position);
    if (found === -1) {
      return null;
    }
    position = found + 1;
  }
  return { resource, permissions: letters };
}

export function formatScope(scope: SystemScope): string {
  return `system/${scope.resource}.${scope.permissions}`;
}

/** Does `held` allow everything `needed` asks? */
export function scopeCovers(held: SystemScope, needed: SystemScope): boolean {
  return (held.resource === '*' || held.resource === needed.resource) && codePoints(needed.permissions).every((letter) => held.permissions.includes(letter));
}

/** Whether any of the scopes granted covers the one a route needs. */
export function scopesAllow(granted: readonly string[], needed: string): boolean {
  const want = parseScope(needed);
  if (want === null) {
    throw new Error(`Not a system scope: ${needed}`);
  }
  return granted.some((scope) => {
    const held = parseScope(scope);
    return held !== null && scopeCovers(held, want);
  });
}

/**
 * What a token gets: each scope asked for, narrowed to what the client was registered for (a
 * request for more than that is granted the part it may have). Unknown scopes are left out, as
 * OAuth allows; the answer's `scope` says what was granted.
 */
export function grantScopes(requested: readonly string[], registered: readonly string[]): string[] {
  const granted: string[] = [];
  for (const scope of requested) {
    const want = parseScope(scope);
    if (want === null) {
      continue;
    }
    for (const allowed of registered.map(parseScope)) {
      if (allowed === null) {
        continue;
      }
      const resourceMatches = allowed.resource === '*' || want.resource === '*' || allowed.resource === want.resource;
      const letters = codePoints(want.permissions)
        .filter((letter) => allowed.permissions.includes(letter))
        .join('');
      if (resourceMatches && letters !== '') {
        const resource = want.resource === '*' ? allowed.resource : want.resource;
        const formatted = formatScope({ resource, permissions: letters });
        if (!granted.includes(formatted)) {
          granted.push(formatted);
        }
      }
    }
  }
  return granted;
}
