// Where an organization practises decides which pregnancy-prevention program judges its events
// (programs.md §0.3, §1 item 1): the US iPLEDGE REMS, the EU's PPP (with a member state's
// overlay), the UK's MHRA measures, Canada's, or an Australian state's. An organization without
// one is not configured (P-27): nothing is judged for it.

/** The Australian states and territories: each decides who may prescribe (AU-PRESC-1). */
export const AU_STATES = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const;
export type AuState = (typeof AU_STATES)[number];

/** The EU member states whose additions programs.md records (§2.1.1); others use the EU baseline. */
export const EU_OVERLAYS = ['IT', 'FI'] as const;
export type EuOverlay = (typeof EU_OVERLAYS)[number];

export type Jurisdiction = 'US' | 'EU' | `EU-${EuOverlay}` | 'GB' | 'CA' | `AU-${AuState}`;

/** The program family a jurisdiction belongs to: it names the rule sets that can apply. */
export type Program = 'US' | 'EU' | 'GB' | 'CA' | 'AU';

export const JURISDICTIONS: readonly Jurisdiction[] = [
  'US',
  'EU',
  ...EU_OVERLAYS.map((overlay) => `EU-${overlay}` as const),
  'GB',
  'CA',
  ...AU_STATES.map((state) => `AU-${state}` as const),
];

export function isJurisdiction(value: unknown): value is Jurisdiction {
  return typeof value === 'string' && (JURISDICTIONS as readonly string[]).includes(value);
}

export function programOf(jurisdiction: Jurisdiction): Program {
  if (jurisdiction === 'US' || jurisdiction === 'GB' || jurisdiction === 'CA') {
    return jurisdiction;
  }
  return jurisdiction.startsWith('EU') ? 'EU' : 'AU';
}

/** The member state's overlay of an EU jurisdiction (EU-IT → IT), or null. */
export function euOverlayOf(jurisdiction: Jurisdiction): EuOverlay | null {
  const [program, overlay] = jurisdiction.split('-');
  return program === 'EU' && overlay !== undefined ? (overlay as EuOverlay) : null;
}

/** The state of an Australian jurisdiction (AU-ACT → ACT), or null. */
export function auStateOf(jurisdiction: Jurisdiction): AuState | null {
  const [program, state] = jurisdiction.split('-');
  return program === 'AU' && state !== undefined ? (state as AuState) : null;
}
