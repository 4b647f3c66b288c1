// The CDS services isocourse offers (discovery) and the shape of a hook call (CDS Hooks 2.0).
// The ids are the ones the mcode reference EHR calls, so that EHR can point at isocourse unchanged.

export type HookName = 'order-sign' | 'order-select' | 'patient-view' | 'encounter-start';

export interface CdsServiceDefinition {
  id: string;
  hook: HookName;
  title: string;
  description: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
}

// What is prefetched is what the service uses: the patient (to identify her by the program identifier
// or an identifier linked for the practice) and, for the views without a draft order, her medication
// requests (to know whether isotretinoin is on the chart). Anything missing is read from fhirServer.
const PATIENT = 'Patient/{{context.patientId}}';
const MEDICATION_REQUESTS = 'MedicationRequest?subject={{context.patientId}}&_include=MedicationRequest:medication';
const USAGE =
  'Call with a SMART Backend Services access token of a practice client (POST /auth/token) as the bearer. ' +
  'The patient is identified by the program identifier (or an identifier linked in isocourse), never by name and birth date alone.';

export const CDS_SERVICES: readonly CdsServiceDefinition[] = [
  {
    id: 'rems-order-sign',
    hook: 'order-sign',
    title: 'iPLEDGE REMS requirements for an isotretinoin order',
    description:
      "Before an isotretinoin order is signed: what the iPLEDGE program still needs for this patient's next fill, each with what fixes it and by when.",
    prefetch: { patient: PATIENT },
    usageRequirements: USAGE,
  },
  {
    id: 'rems-order-select',
    hook: 'order-select',
    title: 'iPLEDGE REMS requirements for an isotretinoin order',
    description: "When isotretinoin is selected: what the iPLEDGE program still needs for this patient's next fill, each with what fixes it and by when.",
    prefetch: { patient: PATIENT },
    usageRequirements: USAGE,
  },
  {
    id: 'rems-patient-view',
    hook: 'patient-view',
    title: 'iPLEDGE REMS status of the patient',
    description: 'When the chart of a patient on isotretinoin opens: her iPLEDGE status and what blocks her next fill.',
    prefetch: { patient: PATIENT, medicationRequests: MEDICATION_REQUESTS },
    usageRequirements: USAGE,
  },
  {
    id: 'rems-encounter-start',
    hook: 'encounter-start',
    title: 'iPLEDGE REMS status of the patient',
    description: "When an encounter starts with a patient on isotretinoin: what this month's visit must cover for the iPLEDGE program.",
    prefetch: { patient: PATIENT, medicationRequests: MEDICATION_REQUESTS },
    usageRequirements: USAGE,
  },
];

export function cdsService(id: string): CdsServiceDefinition | undefined {
  return CDS_SERVICES.find((service) => service.id === id);
}

/** The JSON schema of a hook call (CDS Hooks 2.0 "HTTP Request"): what every hook needs; the rest is checked per hook. */
export const HOOK_REQUEST_SCHEMA = {
  type: 'object',
  required: ['hook', 'hookInstance', 'context'],
  properties: {
    hook: { type: 'string', minLength: 1, maxLength: 100 },
    hookInstance: { type: 'string', minLength: 1, maxLength: 200 },
    fhirServer: { type: 'string', minLength: 1, maxLength: 2000, pattern: '^https?://' },
    fhirAuthorization: {
      type: 'object',
      required: ['access_token', 'token_type'],
      properties: {
        access_token: { type: 'string', maxLength: 10000 },
        token_type: { type: 'string', maxLength: 100 },
        expires_in: { type: 'number' },
        scope: { type: 'string', maxLength: 10000 },
        subject: { type: 'string', maxLength: 1000 },
        patient: { type: 'string', maxLength: 1000 },
      },
    },
    context: {
      type: 'object',
      required: ['userId', 'patientId'],
      properties: {
        userId: { type: 'string', minLength: 1, maxLength: 1000 },
        patientId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
        encounterId: { type: 'string', maxLength: 1000 },
        selections: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 1000 } },
        draftOrders: {
          type: 'object',
          required: ['resourceType'],
          properties: { resourceType: { const: 'Bundle' }, entry: { type: 'array', maxItems: 1000 } },
        },
      },
    },
    prefetch: { type: 'object' },
    extension: { type: 'object' },
  },
} as const;

export interface HookRequest {
  hook: string;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: { access_token: string; token_type: string; expires_in?: number; scope?: string; subject?: string; patient?: string };
  context: {
    userId: string;
    patientId: string;
    encounterId?: string;
    selections?: string[];
    draftOrders?: { resourceType: 'Bundle'; entry?: unknown[] };
  };
  prefetch?: Record<string, unknown>;
  extension?: Record<string, unknown>;
}
