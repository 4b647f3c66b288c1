// The audit trail: one row per read or write of a patient's record, written in the same
// transaction as the change it describes.
import type { Actor } from './context.js';
import type { Executor } from '../db/executor.js';

export interface AuditEntry {
  action: string;
  patientId?: string | null;
  entity?: string;
  entityId?: string;
  outcome: 'ok' | 'refused' | 'denied';
  detail?: Record<string, unknown>;
}

export async function writeAudit(db: Executor, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(actor, entry)).execute();
}

/** The audit row of `entry`, for an insert of its own (writeAudit) or one sent with other writes (withPatient). */
export function auditRow(actor: Actor | null, entry: AuditEntry) {
  return {
    actor_id: actor?.userId ?? null,
    action: entry.action,
    patient_id: entry.patientId ?? null,
    entity: entry.entity ?? null,
    entity_id: entry.entityId ?? null,
    outcome: entry.outcome,
    ip: actor?.ip ?? null,
    // A machine client is named beside the user it acts as (its own, or the prescriber it signs for).
    detail:
      entry.detail === undefined && actor?.client === undefined
        ? null
        : JSON.stringify({ ...entry.detail, ...(actor?.client === undefined ? {} : { viaClient: actor.client.clientId }) }),
  };
}
