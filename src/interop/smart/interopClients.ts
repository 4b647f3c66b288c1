// An administrator registers the machines that talk to isocourse (issue 11): a practice's EHR or a
// pharmacy's system, with its public keys (a JWK Set, or the URL it publishes them at) and the
// scopes it may ever be granted. Each client acts through a user row of its own, so what it records
// is signed by it in recorded_by and the audit trail. Here, the edge: the message's form (the keys,
// the URL, the SMART scopes); the use case (services/interop/registerInteropClient.ts) does the rest.
import type { Actor, Services } from '../../services/context.js';
import type { FieldError } from '../../services/errors.js';
import { registerInteropClient as registerClient, type NewInteropClient } from '../../services/interop/registerInteropClient.js';
import { parseScope } from './scopes.js';

export type { NewInteropClient };
export { listInteropClients } from '../../services/interop/listInteropClients.js';
export { revokeInteropClient } from '../../services/interop/revokeInteropClient.js';

/** Only asymmetric public keys that can sign RS384 or ES384 (SMART Backend Services). */
function jwksProblems(jwks: { keys: Record<string, unknown>[] }): FieldError[] {
  if (jwks.keys.length === 0) {
    return [{ field: 'jwks/keys', code: 'REQUIRED', message: 'Register at least one public key.' }];
  }
  return jwks.keys.flatMap((key, index): FieldError[] => {
    if ('d' in key || 'p' in key || 'k' in key) {
      return [{ field: `jwks/keys/${index}`, code: 'PRIVATE_KEY', message: 'Register the public key only: this key holds private or secret parts.' }];
    }
    if (key['kty'] !== 'RSA' && !(key['kty'] === 'EC' && key['crv'] === 'P-384')) {
      return [{ field: `jwks/keys/${index}`, code: 'KEY_TYPE', message: 'A key is RSA (for RS384) or EC P-384 (for ES384).' }];
    }
    return [];
  });
}

function jwksUrlProblem(url: string): FieldError | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field: 'jwksUrl', code: 'INVALID_FORMAT', message: 'must be an absolute URL.' };
  }
  const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) {
    return { field: 'jwksUrl', code: 'INVALID_FORMAT', message: 'must be an https URL (http only on this machine, for tests).' };
  }
  return null;
}

export async function registerInteropClient(services: Services, actor: Actor, input: NewInteropClient) {
  const problems: FieldError[] = [];
  if ((input.jwks === undefined) === (input.jwksUrl === undefined)) {
    problems.push({
      field: 'jwks',
      code: 'ONE_OF',
      message: "Give the client's public keys as a JWK Set (jwks) or the URL it publishes them at (jwksUrl), one of the two.",
    });
  }
  if (input.jwks !== undefined) {
    problems.push(...jwksProblems(input.jwks));
  }
  const urlProblem = input.jwksUrl === undefined ? null : jwksUrlProblem(input.jwksUrl);
  if (urlProblem !== null) {
    problems.push(urlProblem);
  }
  input.scopes.forEach((scope, index) => {
    if (parseScope(scope) === null) {
      problems.push({
        field: `scopes/${index}`,
        code: 'INVALID_SCOPE',
        message: `"${scope}" is not a SMART system scope such as system/Observation.rs or system/*.read.`,
      });
    }
  });
  return registerClient(services, actor, input, problems);
}
