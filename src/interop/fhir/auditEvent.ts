// A row of the audit trail as a FHIR AuditEvent: a RESTful operation (audit-event-type `rest`), its
// action as Create/Read/Update/Execute, the outcome (0 success, 4 refused by the rules, 8 denied),
// who did it, when, and the patient record it touched.
//
// Served only to clients (an EHR's FHIR reads and bulk export): the API shows the whole audit trail
// to administrators alone, so what a client sees is who, what, when and the outcome — never where
// from (the IP address a user worked from is another user's internal detail, and personal data) nor
// the row's detail. The row type has no `ip`, so no caller can pass one through by mistake.
import type { AuditEvent } from '@medplum/fhirtypes';
import { instant, patientReference, userReference } from './references.js';
import { AUDIT_ACTION_SYSTEM, AUDIT_EVENT_TYPE_SYSTEM } from './systems.js';

export interface AuditRow {
  id: string;
  occurred_at: Date | string;
  actor_id: string | null;
  action: string;
  patient_id: string | null;
  entity: string | null;
  entity_id: string | null;
  outcome: string;
}

// A replay (a retry answered with the first answer) changed nothing: it is a read of that answer.
const READ_VERBS = new Set(['replay', 'read', 'search', 'list', 'lookup', 'pharmacyLookup', 'summary', 'verify', 'export']);
const UPDATE_VERBS = new Set([
  'reverse',
  'cancel',
  'stop',
  'change',
  'settings',
  'acknowledge',
  'snooze',
  'clear',
  'restart',
  'end',
  'remsConfirmation',
  'pharmacy',
]);

/** C, R, U or E from the action's last word (`patient.read` → R, `authorization.request` → E: the engine decides). */
export function auditAction(action: string): AuditEvent['action'] {
  const verb = action.split('.').at(-1) ?? action;
  if (READ_VERBS.has(verb)) {
    return 'R';
  }
  if (action === 'authorization.request') {
    return 'E';
  }
  if (UPDATE_VERBS.has(verb)) {
    return 'U';
  }
  return 'C';
}

const OUTCOME: Record<string, { code: AuditEvent['outcome']; text: string }> = {
  ok: { code: '0', text: 'Done' },
  refused: { code: '4', text: "Refused by the program's rules; nothing was changed" },
  denied: { code: '8', text: "Denied: not found or not the caller's to see or change" },
};

export function auditEventResource(row: AuditRow): AuditEvent {
  const outcome = OUTCOME[row.outcome] ?? { code: '4' as const, text: row.outcome };
  return {
    resourceType: 'AuditEvent',
    id: row.id,
    type: { system: AUDIT_EVENT_TYPE_SYSTEM, code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: AUDIT_ACTION_SYSTEM, code: row.action }],
    action: auditAction(row.action),
    recorded: instant(row.occurred_at),
    outcome: outcome.code,
    outcomeDesc: outcome.text,
    agent: [
      {
        ...(row.actor_id === null ? { who: { display: 'isocourse (no signed-in user)' } } : { who: userReference(row.actor_id) }),
        requestor: true,
      },
    ],
    source: { observer: { display: 'isocourse' } },
    entity: [
      ...(row.patient_id === null
        ? []
        : [{ what: patientReference(row.patient_id), role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' } }]),
      ...(row.entity === null && row.entity_id === null
        ? []
        : [{ name: row.entity ?? 'record', ...(row.entity_id === null ? {} : { what: { identifier: { value: row.entity_id } } }) }]),
    ],
  };
}
