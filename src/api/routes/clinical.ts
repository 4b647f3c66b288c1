import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { RISK_FLAGS } from '../../domain/clinicalReview.js';
import { LAB_ANALYTES, LAB_UNITS } from '../../domain/labs.js';
import { SYMPTOM_CODES, SYMPTOM_SEVERITIES } from '../../domain/symptoms.js';
import { acknowledgeAlert } from '../../services/clinical/acknowledgeAlert.js';
import { getClinicalReview } from '../../services/clinical/getClinicalReview.js';
import { getWorklist, WORKLIST_DEFAULT_LIMIT } from '../../services/worklist/getWorklist.js';
import { snoozeWorklistItem } from '../../services/worklist/snoozeWorklistItem.js';
import { markInboxMessageRead, readInbox } from '../../services/reminders/inbox.js';
import { importLabCsv } from '../../services/clinical/importLabCsv.js';
import { proposeDose } from '../../services/clinical/proposeDose.js';
import { recordDosePlan } from '../../services/clinical/recordDosePlan.js';
import { recordInteractionOverride } from '../../services/clinical/recordInteractionOverride.js';
import { recordLabResult } from '../../services/clinical/recordLabResult.js';
import { recordMedication, stopMedication } from '../../services/clinical/recordMedication.js';
import { recordMissedDoses, reviewMissedDoses } from '../../services/clinical/recordMissedDoses.js';
import { recordPhq9 } from '../../services/clinical/recordPhq9.js';
import { recordRiskFlag } from '../../services/clinical/recordRiskFlag.js';
import { recordSymptoms } from '../../services/clinical/recordSymptoms.js';
import { recordWeight } from '../../services/clinical/recordWeight.js';
import type { Services } from '../../services/context.js';
import { actorOf } from '../session.js';
import { IsoDate, literals, OpenList, OpenObject, openAnswer, PatientIdParams, problemResponses, Product, strictObject, Text, Uuid } from '../schemas.js';
import { factRoute, registerFactRoutes } from './factRoutes.js';

const LabResultBody = strictObject({
  analyte: literals(LAB_ANALYTES),
  value: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  unit: literals(LAB_UNITS),
  referenceLow: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
  referenceHigh: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
  collectedOn: IsoDate,
  fasting: Type.Optional(Type.Boolean()),
  hoursSinceAlcohol: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  muscleSymptoms: Type.Optional(Type.Boolean()),
  jaundiceOrHepatitisSymptoms: Type.Optional(Type.Boolean()),
});

const CLINICAL_FACT_ROUTES = [
  factRoute({
    path: 'weights',
    summary:
      "Record body weight, in kg or lb (stored in kg); a weight implausible for the patient's age is refused (422 WEIGHT_IMPLAUSIBLE) unless confirmedImplausible is true",
    body: strictObject({
      measuredOn: IsoDate,
      value: Type.Number({ exclusiveMinimum: 0, maximum: 700 }),
      unit: literals(['kg', 'lb'] as const),
      confirmedImplausible: Type.Optional(Type.Boolean()),
    }),
    record: recordWeight,
  }),
  factRoute({
    path: 'dose-plans',
    summary: 'Plan the daily dose: proposed from weight and capsule strengths, titration editable, cumulative target per patient — prescriber only',
    body: strictObject({
      product: Product,
      startOn: IsoDate,
      steps: Type.Optional(
        Type.Array(strictObject({ from: IsoDate, dailyMg: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }) }), { minItems: 1, maxItems: 20 }),
      ),
      targetMgPerKg: Type.Optional(Type.Number({ minimum: 1, maximum: 1000 })),
      weightBasis: Type.Optional(literals(['courseStart', 'latest'] as const)),
    }),
    record: recordDosePlan,
  }),
  factRoute({
    path: 'missed-doses',
    summary:
      "Record missed or paused days (they move the projected end of the course). The care team's record counts at once; the patient's own is a report (status awaitingCareTeam) that counts once a prescriber or delegate confirms it (…/missed-doses/{missedDoseId}/review)",
    body: strictObject({ from: IsoDate, to: IsoDate, reason: Type.Optional(Text(500)) }),
    record: recordMissedDoses,
  }),
  factRoute({
    path: 'lab-results',
    summary: 'Record a lab result; the answer classifies it (normal / watch / act / stop) and gives the next lab due',
    body: LabResultBody,
    record: recordLabResult,
  }),
  factRoute({
    path: 'phq9',
    summary: 'The PHQ-9 questionnaire: nine answers 0–3; thoughts of self-harm raise an urgent alert (R-MOOD-1)',
    body: strictObject({ answeredOn: IsoDate, answers: Type.Array(Type.Integer({ minimum: 0, maximum: 3 }), { minItems: 9, maxItems: 9 }) }),
    record: recordPhq9,
  }),
  factRoute({
    path: 'symptom-reports',
    summary: 'Log symptoms with their severity; red flags raise alerts with the recommended action (§4.4)',
    body: strictObject({
      reportedOn: IsoDate,
      entries: Type.Array(strictObject({ symptom: literals(SYMPTOM_CODES), severity: literals(SYMPTOM_SEVERITIES) }), { minItems: 1, maxItems: 50 }),
      note: Type.Optional(Text(2000)),
    }),
    record: recordSymptoms,
  }),
  factRoute({
    path: 'medications',
    summary: 'Record a medicine or supplement the patient takes; the answer lists its interactions (§5)',
    body: strictObject({ name: Text(200), startedOn: Type.Optional(IsoDate) }),
    record: recordMedication,
  }),
  factRoute({
    path: 'interaction-overrides',
    summary: 'Override a blocking interaction with a reason — prescriber only (§5, T-42)',
    body: strictObject({ code: Text(64), reason: Text(2000) }),
    record: recordInteractionOverride,
  }),
  factRoute({
    path: 'risk-flags',
    summary: 'Note a baseline risk: psychiatric history (R-MOOD-3) or a reason for closer lab monitoring',
    body: strictObject({ flag: literals(RISK_FLAGS), notedOn: IsoDate }),
    record: recordRiskFlag,
  }),
  factRoute({
    path: 'alert-acknowledgements',
    summary: 'Acknowledge an alert; urgent alerts need a note — prescriber only',
    body: strictObject({ alertKey: Text(200), note: Type.Optional(Type.String({ maxLength: 4000 })) }),
    record: acknowledgeAlert,
  }),
];

const MedicationParams = strictObject({ patientId: Uuid, medicationId: Uuid });
const MissedDoseParams = strictObject({ patientId: Uuid, missedDoseId: Uuid });
const MissedDoseReview = strictObject({ decision: literals(['confirmed', 'declined'] as const), note: Type.Optional(Text(500)) });
const LabImport = strictObject({ fileName: Text(255), csv: Type.String({ minLength: 1, maxLength: 900_000 }) });

export function clinicalRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['clinical'];
  registerFactRoutes(api, services, tags, CLINICAL_FACT_ROUTES);
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/clinical',
    {
      schema: {
        tags,
        summary: 'The clinical picture: cumulative dose and projected end, labs and the next one due, mood, interactions, alerts',
        params: PatientIdParams,
        response: {
          200: openAnswer('The clinical picture', {
            id: Uuid,
            asOf: IsoDate,
            labs: OpenList,
            alerts: OpenList,
            openAlerts: OpenList,
            interactions: OpenObject,
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => getClinicalReview(services, actorOf(request), request.params.patientId),
  );
  api.get<{ Params: Static<typeof PatientIdParams>; Querystring: { product: string; mgPerKgPerDay: string } }>(
    '/patients/:patientId/dose-proposal',
    {
      schema: {
        tags,
        summary: 'Propose a daily dose from the latest weight and a chosen mg/kg/day, in available capsule strengths, with the default titration',
        params: PatientIdParams,
        querystring: strictObject({ product: Product, mgPerKgPerDay: Type.String({ pattern: '^(?:0|[1-9][0-9]?)(?:\\.[0-9]{1,3})?$' }) }),
        response: {
          200: openAnswer('The proposal from the latest weight, and the default titration', {
            id: Uuid,
            weightKg: Type.Unknown({ description: 'The latest weight, kg' }),
            weighedOn: Type.Unknown({ description: 'When it was measured' }),
            proposal: OpenObject,
            defaultTitration: OpenObject,
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      proposeDose(services, actorOf(request), request.params.patientId, {
        product: request.query.product as never,
        mgPerKgPerDay: Number(request.query.mgPerKgPerDay),
      }),
  );
  api.post<{ Params: Static<typeof MedicationParams>; Body: { stoppedOn: string } }>(
    '/patients/:patientId/medications/:medicationId/stop',
    {
      schema: {
        tags,
        summary: 'Record the day a medicine was stopped',
        params: MedicationParams,
        body: strictObject({ stoppedOn: IsoDate }),
        response: {
          201: openAnswer('Stopped: the day, and the interactions of what is still taken', { id: Uuid, stoppedOn: IsoDate, interactions: OpenObject }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await stopMedication(services, actorOf(request), request.params.patientId, request.params.medicationId, request.body)),
  );
  api.post<{ Params: Static<typeof MissedDoseParams>; Body: Static<typeof MissedDoseReview> }>(
    '/patients/:patientId/missed-doses/:missedDoseId/review',
    {
      schema: {
        tags,
        summary:
          'Confirm or decline missed days the patient reported — prescriber or delegate, once per report. Confirmed days count toward the cumulative dose from then on; declined ones stay on record, never counted',
        params: MissedDoseParams,
        body: MissedDoseReview,
        response: {
          201: openAnswer("The report with the care team's answer: confirmed days count from now on, declined ones never", { id: Uuid, status: Type.String() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reviewMissedDoses(services, actorOf(request), request.params.patientId, request.params.missedDoseId, request.body)),
  );
  api.get<{ Querystring: { limit?: string; after?: string } }>(
    '/worklist',
    {
      schema: {
        tags,
        summary: "The prescriber's worklist: every patient who needs something, most urgent first, with what to do and by when",
        description:
          'A page of the list, in a stable order (urgency, due date with none last, family name, patient id): `patients` ' +
          "(each with what its cards show: name, program ID, state, urgency, due date, the state's badge `summary` " +
          '{tone, label} and the `items`), `groups` (items per triage group in the whole list, not only this page), ' +
          '`snoozed` and `next`: the cursor of the following page (pass it as `after`), null on the last page.',
        querystring: strictObject({
          limit: Type.Optional(
            Type.String({ pattern: '^(?:[1-9][0-9]{0,2}|1000)$', description: `Patients per page, 1–1,000 (default ${WORKLIST_DEFAULT_LIMIT})` }),
          ),
          after: Type.Optional(Type.String({ maxLength: 1000, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` cursor of the page before' })),
        }),
        response: {
          200: openAnswer('A page of the worklist as of today: the patients who need something, with what to do and by when', { asOf: IsoDate }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) =>
      getWorklist(services, actorOf(request), {
        limit: Number(request.query.limit ?? WORKLIST_DEFAULT_LIMIT),
        ...(request.query.after === undefined ? {} : { after: request.query.after }),
      }),
  );
  api.post<{ Params: Static<typeof PatientIdParams>; Body: { itemCode: string; until: string; reason?: string } }>(
    '/patients/:patientId/worklist-snoozes',
    {
      schema: {
        tags: ['worklist'],
        summary:
          'Snooze a routine worklist item until a day (hidden before it, listed again on it); urgent and fill-blocking items are refused (422) — care team',
        params: PatientIdParams,
        body: strictObject({
          itemCode: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Z][A-Z0-9_]*$' }),
          until: IsoDate,
          reason: Type.Optional(Text(500)),
        }),
        response: {
          201: openAnswer('The snooze recorded', { id: Uuid, patientId: Uuid, itemCode: Type.String(), until: IsoDate }),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await snoozeWorklistItem(services, actorOf(request), request.params.patientId, request.body)),
  );
  api.get(
    '/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Reminders delivered to the person logged in',
        response: {
          200: Type.Array(openAnswer('A reminder', { id: Uuid, subject: Type.String(), body: Type.String(), read: Type.Boolean() })),
          ...problemResponses(401),
        },
      },
    },
    async (request) => readInbox(services, actorOf(request)),
  );
  api.post<{ Params: { messageId: string } }>(
    '/inbox/:messageId/read',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Mark a reminder read',
        params: strictObject({ messageId: Uuid }),
        response: { 200: openAnswer('Marked read', { id: Uuid, read: Type.Boolean() }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => markInboxMessageRead(services, actorOf(request), request.params.messageId),
  );
  api.post<{ Body: Static<typeof LabImport> }>(
    '/lab-imports',
    {
      schema: {
        tags,
        summary: "Import lab results from CSV for the care team's patients: good rows are stored, bad rows reported line by line",
        body: LabImport,
        response: {
          201: openAnswer('The import: rows accepted, rows rejected each with its line and reason', {
            fileName: Type.String(),
            rows: Type.Integer(),
            accepted: Type.Integer(),
            rejected: Type.Integer(),
            fileErrors: OpenList,
            rowErrors: OpenList,
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await importLabCsv(services, actorOf(request), request.body)),
  );
}
