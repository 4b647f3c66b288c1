// What the Connected systems page offers and checks, apart from its React (tested on its own):
// the scopes an administrator may tick, with the preset of each kind of system, and the reading of
// a pasted public key.
/** A practice's EHR or a pharmacy's system (the kind of the organization it acts for). */
export type SystemKind = 'practice' | 'pharmacy';

/**
 * What a system may be allowed, in the SMART scopes the interop routes check. The practice's and
 * the pharmacy's presets are what each kind of system needs for the program; the administrator can
 * narrow or widen them. SCRIPT messages need the scope of what they amount to and the system's kind
 * (an EHR sends NewRx, a pharmacy system REMSInitiationRequest, REMSRequest and RxFill).
 */
export const SCOPE_CHOICES: ReadonlyArray<{ scope: string; label: string; presetFor: ReadonlyArray<SystemKind> }> = [
  { scope: 'system/*.rs', label: "Read its patients' records (FHIR, bulk export, CDS Hooks cards)", presetFor: ['practice'] },
  { scope: 'system/Observation.c', label: 'Send lab results and body weights (Observation)', presetFor: ['practice'] },
  { scope: 'system/QuestionnaireResponse.c', label: 'Submit program forms (QuestionnaireResponse/$submit)', presetFor: ['practice'] },
  { scope: 'system/MedicationRequest.c', label: 'Send prescriptions (NCPDP SCRIPT NewRx)', presetFor: ['practice'] },
  { scope: 'system/GuidanceResponse.rs', label: 'Check the program requirements (GuidanceResponse/$rems-etasu)', presetFor: ['pharmacy'] },
  { scope: 'system/MedicationDispense.cr', label: 'Ask for authorizations and record fills (NCPDP SCRIPT REMSRequest, RxFill)', presetFor: ['pharmacy'] },
  { scope: 'system/Patient.rs', label: 'Find a patient (Patient)', presetFor: [] },
  { scope: 'system/MedicationRequest.rs', label: 'Read prescriptions (MedicationRequest)', presetFor: [] },
  { scope: 'system/MedicationDispense.rs', label: 'Read dispenses (MedicationDispense)', presetFor: [] },
];

export function presetScopes(kind: SystemKind): string[] {
  return SCOPE_CHOICES.filter((choice) => choice.presetFor.includes(kind)).map((choice) => choice.scope);
}

/** A pasted public key: a JWK Set ({ "keys": [...] }) or one JWK, which is wrapped in a set. */
export function readPastedKeys(text: string): { keys: Record<string, unknown>[] } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'Paste the key as JSON: a JWK Set such as { "keys": [ { "kty": "EC", ... } ] }.';
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const keys = isObject(parsed) && Array.isArray(parsed['keys']) ? parsed['keys'] : isObject(parsed) && typeof parsed['kty'] === 'string' ? [parsed] : null;
  if (keys === null || keys.length === 0 || !keys.every(isObject)) {
    return 'A JWK Set has a "keys" list with at least one key.';
  }
  if (keys.some((key) => 'd' in key || 'p' in key || 'k' in key)) {
    return 'This holds the private key. Paste the public key only: the system keeps its private key to itself.';
  }
  return { keys };
}
