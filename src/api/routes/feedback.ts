// The patient's rating of the pharmacy's service after delivery (issue 6): the patient rates,
// the pharmacy moderates the comments, and anyone — without logging in — reads the service ratings
// and the published comments. Ratings of the service only, never what the medicine did.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { COMMENT_MAX_LENGTH, RATING_MAX, RATING_MIN, REJECTION_REASON_MAX_LENGTH } from '../../domain/feedback.js';
import { ORDER_STATES } from '../../domain/orders.js';
import type { Services } from '../../services/context.js';
import { listModerationQueue, moderateFeedback } from '../../services/feedback/moderation.js';
import { readFeedback, submitFeedback } from '../../services/feedback/patientFeedback.js';
import { listPublicServiceRatings } from '../../services/feedback/publicRatings.js';
import { actorOf } from '../session.js';
import { IsoDate, literals, problemResponses, Reason, strictObject, Uuid } from '../schemas.js';

const PatientOrderParams = strictObject({ patientId: Uuid, orderId: Uuid });
const FeedbackIdParams = strictObject({ feedbackId: Uuid });

const Rating = (what: string) =>
  Type.Integer({ minimum: RATING_MIN, maximum: RATING_MAX, description: `${what}, ${RATING_MIN} (poor) to ${RATING_MAX} (excellent)` });
const Ratings = Type.Object({ delivery: Type.Integer(), packaging: Type.Integer(), support: Type.Integer() });

const FeedbackBody = strictObject({
  delivery: Rating('The delivery: on time, as promised'),
  packaging: Rating('The packaging: intact, discreet'),
  support: Rating('The pharmacy’s support: answers, help'),
  comment: Type.Optional(
    Type.Union([
      Type.String({
        minLength: 1,
        maxLength: COMMENT_MAX_LENGTH,
        description: 'About the service; held for the pharmacy’s moderation. Claims about what the medicine did are never published.',
      }),
      Type.Null(),
    ]),
  ),
});

const ModerationBody = strictObject({
  decision: literals(['published', 'rejected'] as const),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: REJECTION_REASON_MAX_LENGTH, description: 'Required for a rejection; the patient sees it' })),
});

const CommentStatus = literals(['noComment', 'awaitingModeration', 'published', 'rejected'] as const);
const Moderation = Type.Object({
  decision: literals(['published', 'rejected'] as const),
  reason: Type.Union([Type.String(), Type.Null()]),
  decidedOn: IsoDate,
});

const FeedbackView = Type.Object({
  id: Uuid,
  orderId: Uuid,
  ratings: Ratings,
  comment: Type.Union([Type.String(), Type.Null()]),
  submittedOn: IsoDate,
  commentStatus: { ...CommentStatus, description: 'Derived: the latest moderation decision wins' },
  moderation: Type.Union([Moderation, Type.Null()]),
  warnings: { ...Type.Array(Reason), description: 'What the claim screen found in the comment: such a comment cannot be published' },
});

const OrderFeedback = Type.Object({
  order: Type.Object({
    id: Uuid,
    state: literals(ORDER_STATES),
    deliveredOn: Type.Union([IsoDate, Type.Null()]),
    pharmacy: Type.Object({ id: Uuid, name: Type.String() }),
  }),
  feedback: Type.Union([FeedbackView, Type.Null()]),
  mayRate: Type.Object({ allowed: Type.Boolean(), reasons: Type.Array(Reason) }),
});

const ModerationQueue = Type.Object({ asOf: IsoDate, awaiting: Type.Array(FeedbackView), recentlyDecided: Type.Array(FeedbackView) });

const RatingSummary = Type.Object({
  average: { ...Type.Union([Type.Number(), Type.Null()]), description: 'One decimal; null without ratings' },
  count: Type.Integer(),
});
const PublicRatings = Type.Object({
  pharmacies: Type.Array(
    Type.Object({
      pharmacy: Type.Object({ id: Uuid, name: Type.String() }),
      ratings: Type.Object({ delivery: RatingSummary, packaging: RatingSummary, support: RatingSummary }),
      comments: Type.Array(
        Type.Object({ text: Type.String(), month: { ...Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }), description: 'YYYY-MM' }, ratings: Ratings }),
      ),
    }),
  ),
});

export function feedbackRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['feedback'];
  api.post<{ Params: Static<typeof PatientOrderParams>; Body: Static<typeof FeedbackBody> }>(
    '/patients/:patientId/orders/:orderId/feedback',
    {
      schema: {
        tags,
        summary: 'The patient rates the pharmacy’s service for a delivered order (delivery, packaging, support; an optional comment)',
        description:
          'Only the patient themself, once per order, once it was delivered (422 with reasons otherwise). The ratings count at once; the comment is held ' +
          'until the pharmacy publishes it, and one speaking of what the medicine did is never published.',
        params: PatientOrderParams,
        body: FeedbackBody,
        response: { 201: Type.Composite([OrderFeedback, Type.Object({ id: Uuid })]), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await submitFeedback(services, actorOf(request), request.params.patientId, request.params.orderId, request.body)),
  );
  api.get<{ Params: Static<typeof PatientOrderParams> }>(
    '/patients/:patientId/orders/:orderId/feedback',
    {
      schema: {
        tags,
        summary: 'The patient’s feedback on an order and where its comment stands; whether the order can be rated now (the patient, and the order’s pharmacy)',
        params: PatientOrderParams,
        response: { 200: OrderFeedback, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readFeedback(services, actorOf(request), request.params.patientId, request.params.orderId),
  );
  api.get(
    '/pharmacy/feedback',
    {
      schema: {
        tags,
        summary: 'The pharmacy’s moderation queue: comments awaiting a decision, oldest first, with the claim screen’s warnings; then the recently decided',
        description: 'Only feedback about the caller’s pharmacy. No patient is named.',
        response: { 200: ModerationQueue, ...problemResponses(401, 403) },
      },
    },
    async (request) => listModerationQueue(services, actorOf(request)),
  );
  api.post<{ Params: Static<typeof FeedbackIdParams>; Body: Static<typeof ModerationBody> }>(
    '/pharmacy/feedback/:feedbackId/moderation',
    {
      schema: {
        tags,
        summary: 'Publish or reject a comment (a reason is required to reject); a comment speaking of what the medicine did cannot be published',
        params: FeedbackIdParams,
        body: ModerationBody,
        response: { 201: Type.Object({ id: Uuid, feedback: FeedbackView }), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await moderateFeedback(services, actorOf(request), request.params.feedbackId, request.body)),
  );
  api.get(
    '/public/service-ratings',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Public, without logging in: each pharmacy’s service ratings (averages and counts) and its published comments (text, month, ratings)',
        description: 'Ratings of the service only — never claims about what the medicine did — and nothing that identifies a patient.',
        security: [],
        response: { 200: PublicRatings },
      },
    },
    async () => listPublicServiceRatings(services),
  );
}
