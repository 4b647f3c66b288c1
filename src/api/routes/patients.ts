import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { factRoute, registerFactRoutes, type FactRoute } from './factRoutes.js';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/context.js';
import { changeCategory } from '../../services/patients/changeCategory.js';
import { clearPregnancyHold, endCourse, reportPregnancy, restartCourse } from '../../services/patients/courseDecisions.js';
import { reissueActivation } from '../../services/auth/accountActivation.js';
import { enrollPatient } from '../../services/patients/enrollPatient.js';
import { getPatient, getPatientStatus, listPatients } from '../../services/patients/readPatients.js';
import { recordComprehension } from '../../services/patients/recordComprehension.js';
import { recordConsent } from '../../services/patients/recordConsent.js';
import { recordContraception } from '../../services/patients/recordContraception.js';
import { recordCounseling } from '../../services/patients/recordCounseling.js';
import { readMonthlyCheck } from '../../services/patients/readMonthlyCheck.js';
import { recordMonthlyCheck } from '../../services/patients/recordMonthlyCheck.js';
import { readWalletCard } from '../../services/patients/readWalletCard.js';
import { reportContraceptionFailure } from '../../services/patients/reportContraceptionFailure.js';
import { recordHomeTestingOptIn } from '../../services/patients/recordHomeTestingOptIn.js';
import { recordPregnancyTest } from '../../services/patients/recordPregnancyTest.js';
import { writePrescription } from '../../services/patients/writePrescription.js';
import { getMonthlyVisit, previewPrescription, recordMonthlyVisit } from '../../services/patients/monthlyVisit.js';
import { actorOf } from '../session.js';
import {
  CategoryCriterion,
  ContraceptionMethod,
  IsoDate,
  literals,
  Nullable,
  OpenList,
  OpenObject,
  openAnswer,
  PatientIdParams,
  problemResponses,
  Product,
  ProgramStatusSchema,
  PatientStateSummarySchema,
  RiskCategory,
  strictObject,
  Text,
  Uuid,
} from '../schemas.js';

const Enrollment = strictObject({
  givenName: Text(100),
  familyName: Text(100),
  birthDate: IsoDate,
  category: RiskCategory,
  criterion: CategoryCriterion,
  criterionReason: Type.Optional(Text(1000)),
  enrolledOn: IsoDate,
  account: Type.Optional(
    Type.Object(
      {
        email: Type.String({ format: 'email', maxLength: 254 }),
        password: Type.Optional(Type.String({ minLength: 12, maxLength: 200 })),
      },
      {
        additionalProperties: false,
        description:
          "The patient's own log-in. Without a password, the answer carries a one-time activation link (activation.path, valid activation.validDays days) with which she sets her own password; it is emailed to her when SMTP is configured.",
      },
    ),
  ),
  consentsSigned: Type.Optional(
    Type.Boolean({ description: 'The patient signed the consent forms on the enrollment date: general, plus birth defects for PCGP (R-ENR-4).' }),
  ),
  guardianConsentSigned: Type.Optional(
    Type.Boolean({ description: 'A parent or guardian signed the consent on the enrollment date (patients under 18 only).' }),
  ),
  duplicateOverride: Type.Optional(
    Type.Object(
      { reason: Text(1000) },
      {
        additionalProperties: false,
        description:
          'Enroll even though the patient matches an existing one (same names, in either order, and birth date); without it such an enrollment answers 409 naming the match.',
      },
    ),
  ),
  pharmacyId: Type.Optional({ ...Uuid, description: "The pharmacy she uses: a certified one (GET /pharmacies/usual offers the practice's usual one)" }),
});

const PregnancyTestBody = strictObject({
  kind: literals(['screening', 'confirmation', 'monthly', 'endOfTreatment', 'postTreatment', 'unscheduled'] as const),
  specimenDate: IsoDate,
  resultDate: IsoDate,
  result: Type.Union([Type.Literal('negative'), Type.Literal('positive'), Type.Literal('invalid')]),
  setting: Type.Union([Type.Literal('lab'), Type.Literal('clinic'), Type.Literal('home')]),
  clia: Type.Boolean(),
  sensitivityMiuPerMl: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000 })),
  homeEvidence: Type.Optional(
    strictObject({
      kind: Type.Union([Type.Literal('photo'), Type.Literal('supervisedVideoVisit')]),
      description: Text(1000),
      interpretedBy: Text(200),
      prescriberAttested: Type.Boolean(),
    }),
  ),
});

/** The status answer's `schedule` (domain/patientSchedule.ts): each blocker in dates, the capsules, the next test. */
const NullableDate = Type.Union([IsoDate, Type.Null()]);
const PatientScheduleAnswer = Type.Object({
  schedule: Type.Object({
    capsules: Type.Object({ lastDay: NullableDate, withoutSince: NullableDate }),
    nextTest: Type.Union([Type.Object({ from: IsoDate, by: IsoDate, late: Type.Boolean() }), Type.Null()]),
    steps: Type.Array(Type.Object({ code: Type.String(), from: NullableDate, by: NullableDate, inTestWindow: Type.Boolean() })),
    testWindowDays: Type.Integer(),
  }),
});

const Count = (maximum: number) => Type.Integer({ minimum: 0, maximum });

const FACT_ROUTES: FactRoute<TSchema>[] = [
  factRoute({
    path: 'consents',
    summary: 'Record a signed consent (R-ENR-4)',
    body: strictObject({ kind: Type.Union([Type.Literal('general'), Type.Literal('birthDefects'), Type.Literal('guardian')]), signedOn: IsoDate }),
    record: recordConsent,
  }),
  factRoute({
    path: 'counselings',
    summary: "Confirm this visit's counseling — prescriber only (R-CNS-1, R-CNS-2)",
    body: strictObject({ counseledOn: IsoDate, modality: Type.Union([Type.Literal('inPerson'), Type.Literal('telehealth')]) }),
    record: recordCounseling,
  }),
  factRoute({
    path: 'contraception',
    summary: 'Declare the two contraception methods or the abstinence commitment (R-CON-1..8)',
    body: strictObject({
      declaredOn: IsoDate,
      methods: Type.Array(ContraceptionMethod, { maxItems: 10, uniqueItems: true }),
      abstinence: Type.Boolean(),
      startedOn: IsoDate,
      takesEnzymeInducer: Type.Optional(Type.Boolean()),
    }),
    record: recordContraception,
  }),
  factRoute({
    path: 'pregnancy-tests',
    summary: 'Record a pregnancy test; the answer says whether it opens a prescription window (R-PT-1..8)',
    body: PregnancyTestBody,
    record: recordPregnancyTest,
  }),
  factRoute({
    path: 'comprehension-checks',
    summary: "Record the outcome of the month's comprehension questions (R-CMP-1)",
    body: strictObject({ answeredOn: IsoDate, passed: Type.Boolean() }),
    record: recordComprehension,
  }),
  factRoute({
    path: 'home-testing-opt-ins',
    summary: 'Opt the patient in to home pregnancy tests after the first dose — prescriber only (R-PT-7)',
    body: strictObject({ optedInOn: IsoDate, procedure: Text(2000) }),
    record: recordHomeTestingOptIn,
  }),
  factRoute({
    path: 'prescriptions',
    summary:
      "Write a prescription (≤ 30 days, no refills) and see at once whether it can be filled — prescriber only; outside the US judged by the practice's program, whose key and warnings the answer's `program` gives",
    body: strictObject({
      writtenOn: IsoDate,
      product: Product,
      strengthMg: Type.Integer({ minimum: 1, maximum: 100 }),
      capsulesPerDay: Type.Integer({ minimum: 1, maximum: 10 }),
      daysSupply: Type.Integer({ minimum: 1, maximum: 365 }),
      quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
      refills: Count(12),
      pharmacyId: Type.Optional({ ...Uuid, description: "The certified pharmacy it goes to; by default the patient's pharmacy" }),
      certifiedOn: Type.Optional({
        ...IsoDate,
        description: 'Italy (PPP-NAT-IT-2): the day the doctor certified non-pregnancy, on or before writtenOn; its 7 days to dispense run from it',
      }),
    }),
    record: writePrescription,
  }),
  factRoute({
    path: 'category-changes',
    summary: 'Change the risk category with a reason — prescriber only (R-CAT-2)',
    body: strictObject({ category: RiskCategory, criterion: CategoryCriterion, reason: Text(1000), effectiveOn: IsoDate }),
    record: changeCategory,
  }),
  factRoute({
    path: 'course-end',
    summary: 'End the course at its last dose — prescriber only (R-END-1)',
    body: strictObject({
      lastDoseOn: IsoDate,
      reason: literals(['targetReached', 'adverseEvent', 'patientChoice', 'pregnancy', 'other'] as const),
    }),
    record: endCourse,
  }),
  factRoute({
    path: 'course-restarts',
    summary: 'Start a new course after an ended one; a reason is required before 8 weeks (R-END-4)',
    body: strictObject({ restartedOn: IsoDate, reason: Type.Optional(Text(1000)) }),
    record: restartCourse,
  }),
  factRoute({
    path: 'pregnancy-reports',
    summary: 'Report a suspected pregnancy: everything stops (R-PREG-1, R-CON-7)',
    body: strictObject({ reportedOn: IsoDate, note: Type.Optional(Text(2000)) }),
    record: reportPregnancy,
  }),
  factRoute({
    path: 'contraception-failures',
    summary:
      'Report unprotected intercourse, a contraception failure or a late period — the patient or her care team; fills wait for a later negative test (R-CON-7)',
    body: strictObject({
      reportedOn: IsoDate,
      kind: literals(['unprotectedIntercourse', 'contraceptionFailure', 'latePeriod'] as const),
      note: Type.Optional(Text(2000)),
    }),
    record: reportContraceptionFailure,
  }),
  factRoute({
    path: 'pregnancy-clearances',
    summary: 'Clear a pregnancy hold with a documented reason — prescriber only (R-PREG-3)',
    body: strictObject({ clearedOn: IsoDate, reason: Text(2000) }),
    record: clearPregnancyHold,
  }),
];

export function patientRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['patients'];
  api.get<{ Querystring: { limit?: string; offset?: string } }>(
    '/patients',
    {
      schema: {
        tags,
        summary: "The care team's patients",
        querystring: strictObject({
          limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]{0,2}|1000)$' })),
          offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
        }),
        response: {
          200: Type.Array(
            openAnswer('A patient and the words for their state (summary: null only before it is first derived)', {
              id: Uuid,
              programId: Type.String(),
              givenName: Type.String(),
              familyName: Type.String(),
              birthDate: IsoDate,
              summary: Nullable(PatientStateSummarySchema),
            }),
          ),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => listPatients(services, actorOf(request), { limit: Number(request.query.limit ?? 100), offset: Number(request.query.offset ?? 0) }),
  );
  api.post<{ Body: Static<typeof Enrollment> }>(
    '/patients',
    {
      schema: {
        tags,
        summary: 'Enroll a patient with a risk category — prescriber only',
        body: Enrollment,
        response: {
          201: openAnswer('Enrolled: the patient, their program identifier and the consents recorded (and the log-in activation when an account was asked)', {
            id: Uuid,
            programId: Type.String(),
            consents: OpenList,
          }),
          ...problemResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await enrollPatient(services, actorOf(request), request.body, {
          // The emailed activation link points at the site the prescriber enrolled from.
          linkBase: `${request.protocol}://${request.host}`,
        }),
      ),
  );
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId',
    {
      schema: {
        tags,
        summary: "A patient's record: facts and derived program status",
        params: PatientIdParams,
        response: {
          200: openAnswer('The patient, their derived program status, the words for it and the facts it is derived from', {
            id: Uuid,
            patient: openAnswer('The patient', { id: Uuid, programId: Type.String(), givenName: Type.String(), familyName: Type.String(), birthDate: IsoDate }),
            status: OpenObject,
            summary: PatientStateSummarySchema,
            facts: OpenObject,
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => getPatient(services, actorOf(request), request.params.patientId),
  );
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/status',
    {
      schema: {
        tags,
        summary: 'Program status: the state, the window, what blocks the next fill, what to do and by when',
        params: PatientIdParams,
        response: {
          200: Type.Intersect([Type.Object({ id: Type.String(), summary: PatientStateSummarySchema }), ProgramStatusSchema, PatientScheduleAnswer]),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => getPatientStatus(services, actorOf(request), request.params.patientId),
  );
  api.post<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/account-activations',
    {
      schema: {
        tags,
        summary: "A new one-time activation link for the patient's log-in she has not activated yet (the earlier one expired or was lost) — care team",
        params: PatientIdParams,
        response: { 201: openAnswer('The new activation link (shown once) and whether it was emailed', {}), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reissueActivation(services, actorOf(request), request.params.patientId, { linkBase: `${request.protocol}://${request.host}` })),
  );
  registerFactRoutes(api, services, tags, FACT_ROUTES);
  monthlyVisitRoutes(api, services, tags);
  // The patient's own part of the month and her wallet card (issue 10, item 2).
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/monthly-check',
    {
      schema: {
        tags,
        summary:
          "The patient's part of the month: questions and contraception confirmation due, the methods declared last, and whether they can be confirmed as they are (R-CMP-1)",
        params: PatientIdParams,
        response: {
          200: openAnswer("What the patient's part of the month needs", { id: Uuid, asOf: IsoDate, comprehension: OpenObject, contraception: OpenObject }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => readMonthlyCheck(services, actorOf(request), request.params.patientId),
  );
  registerFactRoutes(api, services, tags, [
    factRoute({
      path: 'monthly-check',
      summary:
        "Record the month's comprehension outcome and/or the confirmation of the same contraception methods as last month (carried forward with their start date, checked again) in one transaction (R-CMP-1, R-CON-1)",
      body: strictObject({
        checkedOn: IsoDate,
        comprehensionPassed: Type.Optional(Type.Boolean()),
        confirmsSameContraception: Type.Optional(Type.Literal(true)),
      }),
      record: recordMonthlyCheck,
    }),
  ]);
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/wallet-card',
    {
      schema: {
        tags,
        summary: "The patient's wallet card: program identifier, name, date of birth and the pharmacy she uses, if known",
        params: PatientIdParams,
        response: {
          200: openAnswer('The wallet card', {
            id: Uuid,
            programId: Type.String(),
            givenName: Type.String(),
            familyName: Type.String(),
            birthDate: IsoDate,
            pharmacy: Nullable(openAnswer('The pharmacy she uses', { id: Uuid, name: Type.String() })),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => readWalletCard(services, actorOf(request), request.params.patientId),
  );
}

// The month's visit in one form (issue 10).
const MonthlyVisitBody = strictObject({
  /** The day the form was prepared for: a form left open past midnight is refused, not recorded under the wrong day. */
  visitOn: IsoDate,
  pregnancyTest: Type.Optional(
    strictObject({
      specimenDate: IsoDate,
      resultDate: Type.Optional(IsoDate),
      // No default: the result is the one thing the form never chooses for the user.
      result: Type.Union([Type.Literal('negative'), Type.Literal('positive'), Type.Literal('invalid')]),
      // A home test needs its evidence: it goes through the single pregnancy-test form.
      setting: Type.Union([Type.Literal('lab'), Type.Literal('clinic')]),
      clia: Type.Boolean(),
    }),
  ),
  contraception: Type.Optional(
    Type.Union([
      strictObject({ sameAsLastMonth: Type.Literal(true) }),
      strictObject({
        methods: Type.Array(ContraceptionMethod, { maxItems: 10, uniqueItems: true }),
        abstinence: Type.Boolean(),
        startedOn: IsoDate,
        takesEnzymeInducer: Type.Optional(Type.Boolean()),
      }),
    ]),
  ),
  counseling: Type.Optional(
    strictObject({ counseledOn: IsoDate, modality: Type.Optional(Type.Union([Type.Literal('inPerson'), Type.Literal('telehealth')])) }),
  ),
  prescription: Type.Optional(
    strictObject({
      product: Product,
      strengthMg: Type.Integer({ minimum: 1, maximum: 100 }),
      capsulesPerDay: Type.Integer({ minimum: 1, maximum: 10 }),
      daysSupply: Type.Integer({ minimum: 1, maximum: 365 }),
    }),
  ),
});

const PrescriptionPreviewQuery = strictObject({
  product: Product,
  strengthMg: Type.String({ pattern: '^[1-9][0-9]?$' }),
  capsulesPerDay: Type.String({ pattern: '^(?:[1-9]|10)$' }),
  daysSupply: Type.String({ pattern: '^[1-9][0-9]{0,2}$' }),
});

function monthlyVisitRoutes(api: FastifyInstance, services: Services, tags: string[]): void {
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/monthly-visit',
    {
      schema: {
        tags,
        summary: "This month's visit: what is due (the test and its kind, contraception, counseling, prescription), what is carried forward, the fill verdict",
        params: PatientIdParams,
        response: {
          200: openAnswer("This month's visit: each part's state, what the user may submit, the fill verdict", {
            id: Uuid,
            today: IsoDate,
            available: Type.Boolean(),
            reasons: OpenList,
            canSubmit: OpenObject,
            verdict: OpenObject,
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => getMonthlyVisit(services, actorOf(request), request.params.patientId),
  );
  api.post<{ Params: Static<typeof PatientIdParams>; Body: Static<typeof MonthlyVisitBody> }>(
    '/patients/:patientId/monthly-visit',
    {
      schema: {
        tags,
        summary:
          "Record this month's visit in one transaction (test, contraception, counseling and prescription — the last two prescriber only); refused as a whole with every reason",
        params: PatientIdParams,
        body: MonthlyVisitBody,
        response: {
          201: openAnswer('Recorded: what was recorded of each part, and the fill verdict after it', { id: Uuid, recorded: OpenObject, verdict: OpenObject }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { id, recorded, verdict } = await recordMonthlyVisit(services, actorOf(request), request.params.patientId, request.body);
      return reply.status(201).send({ id, recorded, verdict });
    },
  );
  api.get<{ Params: Static<typeof PatientIdParams>; Querystring: Static<typeof PrescriptionPreviewQuery> }>(
    '/patients/:patientId/prescription-preview',
    {
      schema: {
        tags,
        summary:
          'What a prescription would give before it is written: mg/kg/day, the cumulative dose at the end of its supply, the projected target date (Absorica LD: with its conventional equivalent)',
        params: PatientIdParams,
        querystring: PrescriptionPreviewQuery,
        response: {
          200: openAnswer(
            'The preview: daily mg, mg/kg/day, the cumulative dose at the end of the supply, the projected target date, and what is missing to compute them',
            { id: Uuid, asOf: IsoDate, product: Type.String(), dailyMg: Nullable(Type.Number()), reasons: OpenList, warnings: OpenList },
          ),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      previewPrescription(services, actorOf(request), request.params.patientId, {
        product: request.query.product,
        strengthMg: Number(request.query.strengthMg),
        capsulesPerDay: Number(request.query.capsulesPerDay),
        daysSupply: Number(request.query.daysSupply),
      }),
  );
}
