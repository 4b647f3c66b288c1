// The FHIR routes that record (issue 11 items 2 and 4c), registered inside the FHIR plugin (prefix
// /fhir/r4, FHIR JSON parsers, OperationOutcome errors): the EHR's batch of labs and weights, and the
// REMS questionnaires. Each route names the client (clientActorOf), checks its scope, and calls the
// use cases with it; the mapping files do the rest.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services/context.js';
import { actingPrescriber, clientActorOf, requireClientKind, requireScope, type ClientActor } from '../smart/clientAuth.js';
import { importObservationBundle, UnreadableBundleError, type FindPatient } from './importObservations.js';
import { FHIR_JSON, fhirAnswer, outcomeResponses } from './operationOutcome.js';
import { operationOutcome, type Problem } from './outcomes.js';
import { questionnairePackage } from './questionnairePackage.js';
import { questionnaireIds } from './questionnaires.js';
import { enrollmentIdentifiers, identifyPatient, linkEnrolledPatient } from '../../services/patientMatching/matchPatient.js';
import { SubmissionRefused, submitQuestionnaireResponse } from './submitResponse.js';

const tags = ['interop: FHIR'];

/** Any FHIR resource: the mapping files read it and say what is wrong, element by element. */
const FhirResource = {
  type: 'object',
  required: ['resourceType'],
  properties: { resourceType: { type: 'string', maxLength: 64 } },
  additionalProperties: true,
} as const;

const AnyFhirAnswer = { description: 'A FHIR resource (application/fhir+json)', type: 'object', additionalProperties: true } as const;
const AnyFhirResource = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } }, additionalProperties: true } as const;

function refuse(reply: FastifyReply, status: number, problems: Problem[]): FastifyReply {
  return reply.status(status).type(FHIR_JSON).send(operationOutcome(problems));
}

/**
 * Who the patient is, per patientMatching (issue 11 item 7): her program identifier or an identifier
 * linked earlier; a name and birth date alone put the match on the care team's worklist. The review
 * outlives the refused entry, so it is written through the database, not the entry's transaction.
 */
function findPatientFor(actor: ClientActor): FindPatient {
  return (services, _actor, who) => identifyPatient(services, actor, who);
}

export function fhirWriteRoutes(app: FastifyInstance, services: Services): void {
  // The FHIR base itself ([base], no trailing slash), as a batch or transaction is posted.
  app.post('/', {
    prefixTrailingSlash: 'no-slash',
    schema: {
      tags,
      summary:
        'Import from the EHR: a transaction or batch Bundle of lab Observations (LOINC, UCUM) and body weights (29463-7, kg or [lb_av]), each matched to its patient by identifier and accepted per entry; the answer is a transaction-response or batch-response Bundle with 201 + location, 200 for an observation already recorded, or 4xx with an OperationOutcome per entry',
      body: FhirResource,
      response: { 200: fhirAnswer('A transaction-response or batch-response Bundle', AnyFhirResource), ...outcomeResponses(400, 401, 403, 415) },
    },
    handler: async (request, reply) => {
      const actor = clientActorOf(request);
      requireClientKind(actor, 'practice');
      requireScope(actor, 'system/Observation.c');
      // The try holds the import alone: the refusal it can raise is answered here, the answer sent after.
      let answer: Awaited<ReturnType<typeof importObservationBundle>>;
      try {
        answer = await importObservationBundle(services, actor, request.body, findPatientFor(actor));
      } catch (error) {
        if (error instanceof UnreadableBundleError) {
          return refuse(reply, 400, error.problems);
        }
        throw error;
      }
      return reply.status(200).type(FHIR_JSON).send(answer);
    },
  });

  app.post('/Questionnaire/:id/$questionnaire-package', {
    schema: {
      tags,
      summary: `A REMS questionnaire to complete in the EHR (US Medication REMS IG): a Parameters whose return is a collection Bundle holding the Questionnaire. Ids: ${questionnaireIds().join(', ')}`,
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
      body: FhirResource,
      response: {
        200: fhirAnswer('A Parameters whose return is a collection Bundle holding the Questionnaire', AnyFhirResource),
        ...outcomeResponses(400, 401, 403, 404, 415),
      },
    },
    handler: async (request, reply) => {
      const actor = clientActorOf(request);
      requireScope(actor, 'system/Questionnaire.rs');
      const { id } = request.params as { id: string };
      const body = request.body as { resourceType: string };
      if (body.resourceType !== 'Parameters') {
        return refuse(reply, 400, [{ code: 'structure', text: `$questionnaire-package takes a Parameters (order, coverage), not ${body.resourceType}.` }]);
      }
      const answer = questionnairePackage(id, services.now());
      if (answer === null) {
        return refuse(reply, 404, [{ code: 'not-found', text: `isocourse has no Questionnaire/${id}; it serves ${questionnaireIds().join(', ')}.` }]);
      }
      return reply.status(200).type(FHIR_JSON).send(answer);
    },
  });

  app.post('/QuestionnaireResponse/$submit', {
    schema: {
      tags,
      summary:
        "Submit a completed REMS questionnaire (a QuestionnaireResponse, alone, in a Parameters or in the SMART app's message Bundle): records the same facts as the web forms through the same use cases and answers 201 with what was recorded and the patient's case number (case_number = program identifier)",
      body: FhirResource,
      response: {
        201: {
          type: 'object',
          properties: {
            case_number: { type: 'string' },
            patient: { type: 'object', additionalProperties: true },
            questionnaire: { type: 'string' },
            recorded: { type: 'array', items: { type: 'object', additionalProperties: true } },
            outcome: AnyFhirAnswer,
          },
        },
        ...outcomeResponses(400, 401, 403, 404, 409, 415, 422),
      },
    },
    handler: async (request, reply) => {
      const actor: ClientActor = clientActorOf(request);
      requireClientKind(actor, 'practice');
      requireScope(actor, 'system/QuestionnaireResponse.c');
      let answer: Awaited<ReturnType<typeof submitQuestionnaireResponse>>;
      try {
        answer = await submitQuestionnaireResponse(services, actor, request.body, {
          prescriberByNpi: (npi) => actingPrescriber(services, actor, npi),
          findPatient: findPatientFor(actor),
          enrollmentIdentifiers,
          linkEnrolledPatient: (trx, patientId, identifiers) => linkEnrolledPatient(trx, actor, patientId, identifiers),
        });
      } catch (error) {
        if (error instanceof SubmissionRefused) {
          return refuse(reply, error.status, error.problems);
        }
        throw error;
      }
      return reply.status(201).type('application/json; charset=utf-8').send(answer);
    },
  });
}
