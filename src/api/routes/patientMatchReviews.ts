// Identity reviews (issue 11, item 7): a client's message that matched a patient by name and birth
// date alone waits for the care team's answer — listed here and on the worklist, answered once.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/context.js';
import { decideMatchReview } from '../../services/patientMatching/decideMatchReview.js';
import { listMatchReviews } from '../../services/patientMatching/listMatchReviews.js';
import { actorOf } from '../session.js';
import { OpenList, openAnswer, problemResponses, strictObject, Uuid } from '../schemas.js';

const ReviewParams = strictObject({ reviewId: Uuid });
const DecisionBody = strictObject({
  same: Type.Boolean({ description: 'true: the person the client sent is this patient (its identifiers are linked); false: someone else' }),
});

export function patientMatchReviewRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['worklist'];
  api.get(
    '/patient-match-reviews',
    {
      schema: {
        tags,
        summary:
          "Open identity reviews of the caller's patients: what a client (an EHR) sent that matched a patient by name and birth date alone, next to the record — prescriber and delegates",
        response: { 200: openAnswer('The open reviews', { reviews: OpenList }), ...problemResponses(401, 403) },
      },
    },
    async (request) => listMatchReviews(services, actorOf(request)),
  );
  api.post<{ Params: Static<typeof ReviewParams>; Body: Static<typeof DecisionBody> }>(
    '/patient-match-reviews/:reviewId/decisions',
    {
      schema: {
        tags,
        summary:
          "Answer an identity review once: the same person (the identifiers the client sent are linked to the patient, so its next messages are matched) or not — the patient's prescriber and delegates",
        params: ReviewParams,
        body: DecisionBody,
        response: {
          201: openAnswer('The decision recorded (and the identifiers linked when the same person)', {
            id: Uuid,
            reviewId: Uuid,
            patientId: Uuid,
            same: Type.Boolean(),
          }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await decideMatchReview(services, actorOf(request), request.params.reviewId, request.body)),
  );
}
