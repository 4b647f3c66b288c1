// Certification of a prescriber or a pharmacy, recorded as a dated fact (R-ENR-1). The latest
// fact effective on a date decides whether they are certified on that date.
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { NotFoundError } from '../errors.js';

export interface CertificationInput {
  status: 'certified' | 'suspended' | 'revoked';
  effectiveOn: string;
}

export async function recordCertification(
  services: Services,
  actor: Actor,
  subject: { userId: string } | { organizationId: string },
  input: CertificationInput,
) {
  requireRole(actor, 'admin');
  return services.db.transaction().execute(async (trx) => {
    const exists =
      'userId' in subject
        ? await trx.selectFrom('users').select('id').where('id', '=', subject.userId).where('role', '=', 'prescriber').executeTakeFirst()
        : await trx.selectFrom('organizations').select('id').where('id', '=', subject.organizationId).executeTakeFirst();
    if (exists === undefined) {
      throw new NotFoundError('userId' in subject ? 'Prescriber' : 'Organization');
    }
    const row = await trx
      .insertInto('certifications')
      .values({
        user_id: 'userId' in subject ? subject.userId : null,
        organization_id: 'organizationId' in subject ? subject.organizationId : null,
        status: input.status,
        effective_on: input.effectiveOn,
        recorded_by: actor.userId,
      })
      .returning(['id', 'status', 'effective_on'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'certification.record', entity: 'certification', entityId: row.id, outcome: 'ok' });
    return { id: row.id, status: row.status, effectiveOn: row.effective_on };
  });
}
