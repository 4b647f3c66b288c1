// The facts the programs outside the US need (issue 14, item 3), recorded on the patient's record
// (the same fact routes as the US facts: 201 with the fact's id and the rule set it was judged
// by), a prescriber's attributes, and the patient's program today (rule set, what the next
// prescription and dispense need, end-of-treatment flags).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AU_STATES } from '../../domain/programs/jurisdictions.js';
import { EXEMPTION_REASON_CODES } from '../../domain/programs/programFacts.js';
import type { Services } from '../../services/context.js';
import {
  recordAcknowledgementForm,
  recordAssessment,
  recordExemption,
  recordProgramVisit,
  recordReproductiveFact,
  recordSecondPrescriberAgreement,
} from '../../services/programs/patientProgramFacts.js';
import { recordPrescriberAttributes } from '../../services/programs/prescriberAttributes.js';
import { readPatientProgram } from '../../services/programs/readPatientProgram.js';
import { actorOf } from '../session.js';
import { IsoDate, literals, Nullable, OpenObject, openAnswer, PatientIdParams, problemResponses, strictObject, Uuid } from '../schemas.js';
import { factRoute, registerFactRoutes } from './factRoutes.js';

const PROGRAM_FACT_ROUTES = [
  factRoute({
    path: 'exemptions',
    summary:
      '"No expected risk of pregnancy" exemption (PPP-EXM-1, UK-EXM-1) — prescriber only; judged under the rule set of decidedOn: none in the US (422 EXEMPTION_NOT_IN_PROGRAM), a justification always, the patient\'s agreement in the UK',
    body: strictObject({
      decidedOn: IsoDate,
      reasonCode: literals(EXEMPTION_REASON_CODES),
      patientAgreed: Type.Boolean(),
      // May be empty for the schema: the program's rule refuses it with its reason (422 EXEMPTION_JUSTIFICATION_REQUIRED).
      justification: Type.String({ maxLength: 2000 }),
      reviewAt: Type.Optional(Nullable(IsoDate)),
    }),
    record: recordExemption,
  }),
  factRoute({
    path: 'acknowledgement-forms',
    summary:
      'The acknowledgement form with its version and who signed it (PPP-ACK-1, UK-ACK-1/2, CA-ACK-1); a version the program in force on signedOn does not use is a 400 naming formVersion',
    body: strictObject({
      formVersion: Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'EU-PPP-ACK-2018, UK-ARF-2023, UK-ARF-2026 or CA-ICA, as the program in force uses',
      }),
      signedOn: IsoDate,
      signedByPatient: Type.Boolean(),
      signedByPrescriber: Type.Boolean(),
    }),
    record: recordAcknowledgementForm,
  }),
  factRoute({
    path: 'assessments',
    summary: 'A mental-health or sexual-function assessment (UK-ASM-1/2, AU-MH-1)',
    body: strictObject({ kind: literals(['mentalHealth', 'sexualFunction'] as const), on: IsoDate }),
    record: recordAssessment,
  }),
  factRoute({
    path: 'second-prescriber-agreements',
    summary: "A second, independent prescriber's agreement to start a patient under 18 (UK-AGE-1); the prescriber must be another than the patient's own",
    body: strictObject({ prescriberId: Uuid, agreedOn: IsoDate }),
    record: recordSecondPrescriberAgreement,
  }),
  factRoute({
    path: 'visits',
    summary:
      "A visit in person or remote (UK-VIS-1): the first in person where the program says so, a remote follow-up from its date with the patient's agreement",
    body: strictObject({ on: IsoDate, mode: literals(['inPerson', 'remote'] as const), patientAgreed: Type.Boolean() }),
    record: recordProgramVisit,
  }),
  factRoute({
    path: 'reproductive-facts',
    summary: 'What a clinician recorded about anatomy, sterilisation or menopause (UK-CAT-1): childbearing potential is derived from it per rule set',
    body: strictObject({
      kind: literals(['uterusAndOvary', 'noUterusOrNoOvaries', 'tubalSterilisationConfirmed', 'menopauseConfirmed'] as const),
      recordedOn: IsoDate,
    }),
    record: recordReproductiveFact,
  }),
];

const PrescriberAttributesBody = strictObject({
  specialty: literals(['dermatology', 'generalPractice', 'psychiatry', 'other'] as const),
  effectiveOn: IsoDate,
  retinoidExperience: Type.Boolean(),
  recordedAuthority: Type.Optional(Nullable(strictObject({ state: literals(AU_STATES), grantedOn: IsoDate }))),
  leadRole: Type.Optional(Nullable(literals(['consultantDermatologist', 'band7DermatologyNurseSpecialist'] as const))),
});

const Judged = Nullable(OpenObject);

export function programFactRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['programs'];
  registerFactRoutes(api, services, tags, PROGRAM_FACT_ROUTES);
  api.post<{ Params: { prescriberId: string }; Body: Static<typeof PrescriberAttributesBody> }>(
    '/prescribers/:prescriberId/attributes',
    {
      schema: {
        tags,
        summary: "Record a prescriber's attributes from a day: specialty, a state's authority, the UK lead role, retinoid experience (admin or the prescriber)",
        params: strictObject({ prescriberId: Uuid }),
        body: PrescriberAttributesBody,
        response: {
          201: openAnswer('The attributes recorded, in force from effectiveOn', { id: Uuid, effectiveOn: Type.String(), specialty: Type.String() }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await recordPrescriberAttributes(services, actorOf(request), request.params.prescriberId, request.body)),
  );
  api.get<{ Params: Static<typeof PatientIdParams>; Querystring: { daysSupply?: number } }>(
    '/patients/:patientId/program',
    {
      schema: {
        tags,
        summary:
          "The patient's program today: the rule set and key in force, what a prescription and a dispense today would need (a preview, with reasons), the end-of-treatment flags; a US patient is pointed to her status",
        params: PatientIdParams,
        querystring: strictObject({
          daysSupply: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'The supply the prescription preview assumes (default 30)' })),
        }),
        response: {
          200: openAnswer(
            "The patient's program today",
            {
              id: Uuid,
              patientId: Uuid,
              asOf: Type.String(),
              jurisdiction: Nullable(Type.String()),
              ruleSet: Nullable(strictObject({ id: Type.String(), key: Type.String() })),
              usStatus: Nullable(Type.String()),
              nextPrescription: Judged,
              nextDispense: Judged,
              endOfTreatment: Judged,
              facts: Judged,
            },
            ['patientId', 'asOf', 'jurisdiction', 'ruleSet', 'usStatus', 'nextPrescription', 'nextDispense', 'endOfTreatment', 'facts'],
          ),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      readPatientProgram(
        services,
        actorOf(request),
        request.params.patientId,
        request.query.daysSupply === undefined ? {} : { daysSupply: request.query.daysSupply },
      ),
  );
}
