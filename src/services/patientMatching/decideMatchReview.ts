// The care team answers an identity review (issue 11, item 7): the person a client sent is, or is
// not, the patient it resembled. The answer is a fact (patient_match_decisions), given once; "same"
// links the identifiers the client sent to the patient in the same transaction, so its next
// messages carrying them are matched, and writes an audit row for each link. Only the patient's
// prescriber and their delegates answer (the 'record' access to the candidate patient).
import { linkIdentifiers, PROGRAM_ID_SYSTEM, type SystemIdentifier } from './matchPatient.js';
import type { Actor, Services } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { withPatient } from '../patients/patientTransaction.js';

export async function decideMatchReview(services: Services, actor: Actor, reviewId: string, input: { same: boolean }) {
  const review = await services.db
    .selectFrom('patient_match_reviews')
    .select(['id', 'candidate_patient_id', 'client_id', 'organization_id', 'identifiers'])
    .where('id', '=', reviewId)
    .executeTakeFirst();
  if (review === undefined) {
    throw new NotFoundError('Match review');
  }
  const sent = (review.identifiers as Array<{ system?: string; value: string }>).filter(
    (identifier): identifier is SystemIdentifier => identifier.system !== undefined && identifier.system !== PROGRAM_ID_SYSTEM,
  );
  // A review of someone else's patient answers like one that does not exist.
  return withPatient(services, actor, review.candidate_patient_id, 'record', 'patient_match.decide', async ({ trx, patient }) => {
    // The patient's row is locked by withPatient: two answers to one review are made one at a time.
    const earlier = await trx.selectFrom('patient_match_decisions').select(['same', 'decided_at']).where('review_id', '=', review.id).executeTakeFirst();
    if (earlier !== undefined) {
      throw new ConflictError(
        `This review was already answered (${earlier.same ? 'the same person' : 'not the same person'}, ${earlier.decided_at.toISOString()}). Reload the worklist.`,
      );
    }
    if (input.same && sent.length > 0) {
      const elsewhere = await trx
        .selectFrom('patient_links')
        .select(['identifier_system', 'identifier_value'])
        .where('organization_id', '=', review.organization_id)
        .where('patient_id', '<>', patient.id)
        .where((eb) =>
          eb.or(sent.map((identifier) => eb.and([eb('identifier_system', '=', identifier.system), eb('identifier_value', '=', identifier.value)]))),
        )
        .execute();
      if (elsewhere.length > 0) {
        // Another patient of the practice is already known by this identifier: one of the two is wrong.
        throw new ConflictError(
          `${elsewhere.map((row) => `${row.identifier_value} (${row.identifier_system})`).join(', ')} is already linked to another patient of your practice. Nothing was recorded; check both records with your practice's EHR before answering.`,
        );
      }
    }
    const decision = await trx
      .insertInto('patient_match_decisions')
      .values({ review_id: review.id, same: input.same, decided_by: actor.userId })
      .returning(['id', 'decided_at'])
      .executeTakeFirstOrThrow();
    const linked = input.same
      ? await linkIdentifiers(trx, actor, { organizationId: review.organization_id, clientId: review.client_id, patientId: patient.id, basis: 'review' }, sent)
      : [];
    return {
      id: decision.id,
      reviewId: review.id,
      patientId: patient.id,
      same: input.same,
      decidedBy: actor.userId,
      decidedAt: decision.decided_at.toISOString(),
      linked,
      note: input.same
        ? linked.length > 0
          ? 'Linked: messages carrying these identifiers are matched to this patient from now on.'
          : sent.length > 0
            ? 'Nothing new to link: these identifiers were already linked.'
            : 'The client sent no identifier to link: ask it to send the program identifier with its messages.'
        : 'Kept apart: messages about this person are not matched to this patient.',
    };
  }).catch((error: unknown) => {
    throw error instanceof NotFoundError && error.what === 'Patient' ? new NotFoundError('Match review') : error;
  });
}
