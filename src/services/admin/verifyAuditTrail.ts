// An administrator checks that the audit trail is whole: everything written so far is sealed into
// the hash chain first, then the chain is walked from its first row (src/db/auditChain.ts).
import { sealAuditEvents, verifyAuditChain } from '../../db/auditChain.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';

export async function verifyAuditTrail(services: Services, actor: Actor) {
  if (actor.role !== 'admin') {
    // Who tried to look into the audit trail is itself worth keeping.
    await writeAudit(services.db, actor, { action: 'audit.verify', outcome: 'denied' });
  }
  requireRole(actor, 'admin');
  const sealedNow = await sealAuditEvents(services.db);
  const report = await verifyAuditChain(services.db);
  await writeAudit(services.db, actor, {
    action: 'audit.verify',
    outcome: 'ok',
    detail: { intact: report.ok, checkedRows: report.checkedRows, problem: report.firstProblem?.kind ?? null },
  });
  return { ...report, sealedNow };
}
