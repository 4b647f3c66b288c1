// The open identity reviews of the caller's patients (issue 11, item 7): each with what the
// client sent next to the record it may be. The same reviews are worklist items.
import { openMatchReviews } from '../../db/patientMatchReviews.js';
import { careTeamPrescriberId } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { ForbiddenError } from '../errors.js';

export async function listMatchReviews(services: Services, actor: Actor) {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('Identity reviews are for the prescriber and their delegates.');
  }
  const reviews = await openMatchReviews(services.db, { prescriberId });
  await writeAudit(services.db, actor, { action: 'patient_match.list', outcome: 'ok', detail: { reviews: reviews.length } });
  return { reviews: reviews.map(({ prescriberId: _prescriber, ...review }) => review) };
}
