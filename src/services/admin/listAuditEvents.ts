// An administrator reads the audit trail: who did or saw what, when, from where, and how it ended,
// newest first, for one patient's record and/or one account.
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';

export interface AuditEventFilter {
  patientId?: string;
  actorId?: string;
  limit: number;
  offset: number;
}

export async function listAuditEvents(services: Services, actor: Actor, filter: AuditEventFilter) {
  const searched = { patientId: filter.patientId ?? null, actorId: filter.actorId ?? null };
  if (actor.role !== 'admin') {
    // Who tried to look into the audit trail is itself worth keeping.
    await writeAudit(services.db, actor, { action: 'audit.read', outcome: 'denied', detail: searched });
  }
  requireRole(actor, 'admin');
  let query = services.db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.occurred_at',
      'e.actor_id',
      'u.email',
      'u.role',
      'e.ip',
      'e.action',
      'e.patient_id',
      'e.entity',
      'e.entity_id',
      'e.outcome',
      'e.detail',
      'e.chain_seq',
    ]);
  if (filter.patientId !== undefined) {
    query = query.where('e.patient_id', '=', filter.patientId);
  }
  if (filter.actorId !== undefined) {
    query = query.where('e.actor_id', '=', filter.actorId);
  }
  // Ids are handed out as rows are written: the newest row has the largest.
  const rows = await query.orderBy('e.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  // The search itself names no patient of its own: the filter is kept as its detail.
  await writeAudit(services.db, actor, { action: 'audit.read', outcome: 'ok', detail: { ...searched, events: rows.length } });
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor_id === null ? null : { id: row.actor_id, email: row.email, role: row.role },
    ip: row.ip,
    action: row.action,
    patientId: row.patient_id,
    entity: row.entity,
    entityId: row.entity_id,
    outcome: row.outcome,
    detail: row.detail,
    chainSeq: row.chain_seq,
  }));
}
