// What the programs ask of a prescriber (PPP-PRESC-1, UK-PRESC-1, CA-PRESC-1, AU-PRESC-1), recorded
// as dated facts on the prescriber (prescriber_attributes, migration 0029): the specialty, a state's
// authority to prescribe with its state and day, the UK lead role, experience with systemic
// retinoids. Recorded by an administrator or by the prescriber; a later row with its own
// effective day replaces the earlier one from that day (db/programFacts.ts prescriberAttributesOn).
import type { IsoDate } from '../../domain/dates.js';
import type { PrescriberAttributes, Specialty, UkLeadRole } from '../../domain/programs/programFacts.js';
import { AU_STATES } from '../../domain/programs/jurisdictions.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { calendarDateAt } from '../../domain/dates.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';

export interface PrescriberAttributesInput {
  effectiveOn: IsoDate;
  specialty: Specialty;
  recordedAuthority?: { state: string; grantedOn: IsoDate } | null;
  leadRole?: UkLeadRole | null;
  retinoidExperience: boolean;
}

export async function recordPrescriberAttributes(
  services: Services,
  actor: Actor,
  prescriberId: string,
  input: PrescriberAttributesInput,
): Promise<PrescriberAttributes & { effectiveOn: IsoDate }> {
  if (actor.role !== 'admin' && !(actor.role === 'prescriber' && actor.userId === prescriberId)) {
    throw new ForbiddenError('Only an administrator or the prescriber themself records a prescriber’s attributes.');
  }
  const today = calendarDateAt(services.now(), services.program.remsTimeZone);
  const authority = input.recordedAuthority ?? null;
  throwIfProblems([
    ...(authority !== null && !(AU_STATES as readonly string[]).includes(authority.state)
      ? [{ field: 'recordedAuthority/state', code: 'UNKNOWN_STATE', message: `The state is one of ${AU_STATES.join(', ')}.` }]
      : []),
    ...datesNotInFuture(today, { ...(authority === null ? {} : { 'recordedAuthority/grantedOn': authority.grantedOn }) }),
  ]);
  return services.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', prescriberId).executeTakeFirst();
    if (user === undefined) {
      throw new NotFoundError('User');
    }
    if (user.role !== 'prescriber') {
      throw new InvalidInputError([{ field: 'prescriberId', code: 'NOT_A_PRESCRIBER', message: 'Only a prescriber has these attributes.' }]);
    }
    const row = await trx
      .insertInto('prescriber_attributes')
      .values({
        prescriber_id: prescriberId,
        effective_on: input.effectiveOn,
        specialty: input.specialty,
        authority_state: authority?.state ?? null,
        authority_granted_on: authority?.grantedOn ?? null,
        lead_role: input.leadRole ?? null,
        retinoid_experience: input.retinoidExperience,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'prescriberAttributes.record',
      entity: 'user',
      entityId: prescriberId,
      outcome: 'ok',
      detail: { attributesId: row.id },
    });
    return {
      id: prescriberId,
      effectiveOn: input.effectiveOn,
      specialty: input.specialty,
      recordedAuthority: authority,
      leadRole: input.leadRole ?? null,
      retinoidExperience: input.retinoidExperience,
    };
  });
}
