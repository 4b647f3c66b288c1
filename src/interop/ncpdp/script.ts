// One SCRIPT message in, one SCRIPT message out: read the envelope, hand the message to its use
// case, and say every refusal as an NCPDP Error naming what is wrong (never a 500 for bad input).
import type { Services } from '../../services/context.js';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  NotFoundError,
  RuleRefusal,
  TooManyAttemptsError,
  UnauthenticatedError,
} from '../../services/errors.js';
import { requireScope, type ClientActor } from '../smart/clientAuth.js';
import { errorMessage, type ScriptError } from './answers.js';
import { DESCRIPTION_CODES, messageTypeOf, readEnvelope, ScriptRejection, type MessageType, type ScriptAnswer, type ScriptEnvelope } from './messages.js';
import { receiveNewRx } from './newRx.js';
import { noteOf } from './reasonCodes.js';
import { answerRemsInitiation, answerRemsRequest } from './remsRequest.js';
import { receiveRxFill } from './rxFill.js';

/** Any error of a use case (or of the HTTP layer) as the Error message and status to answer with. */
export function scriptErrorOf(error: unknown): { httpStatus: number; error: ScriptError; retryAfterSeconds?: number } {
  const rejected = (httpStatus: number, descriptionCode: string, description: string) => ({ httpStatus, error: { code: '900', descriptionCode, description } });
  if (error instanceof ScriptRejection) {
    return { httpStatus: error.httpStatus, error: { code: error.code, descriptionCode: error.descriptionCode, description: error.description } };
  }
  if (error instanceof InvalidInputError) {
    return rejected(
      400,
      DESCRIPTION_CODES.missingOrInvalid,
      `Nothing was recorded: ${[...error.fields.map((field) => `${field.field}: ${field.message}`), ...error.reasons.map((reason) => reason.message)].join(' ')}`,
    );
  }
  if (error instanceof RuleRefusal) {
    return rejected(422, DESCRIPTION_CODES.missingOrInvalid, `${error.title}; nothing was recorded: ${noteOf(error.reasons)}`);
  }
  if (error instanceof NotFoundError) {
    return rejected(
      404,
      DESCRIPTION_CODES.unidentified,
      `${error.what} not found${error.detail === undefined ? '' : `: ${error.detail}`}. Nothing was recorded.`,
    );
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return rejected(
      409,
      DESCRIPTION_CODES.missingOrInvalid,
      'This MessageID was already used for a different message. Give each new message its own MessageID, and resend a message unchanged to get its first answer.',
    );
  }
  if (error instanceof ConflictError) {
    return rejected(409, DESCRIPTION_CODES.missingOrInvalid, error.message);
  }
  if (error instanceof TooManyAttemptsError) {
    // Look-ups by case number and birth date that matched no one, too many (services/pharmacy/lookupThrottle.ts).
    return { ...rejected(429, DESCRIPTION_CODES.unidentified, `${error.message} Nothing was recorded.`), retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof UnauthenticatedError) {
    return rejected(401, DESCRIPTION_CODES.unidentified, error.message);
  }
  if (error instanceof ForbiddenError) {
    return rejected(403, DESCRIPTION_CODES.unidentified, error.message);
  }
  // Fastify's own refusals before the handler (an unsupported content type 415, a body over the limit 413…).
  const statusCode = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : Number.NaN;
  if (statusCode >= 400 && statusCode < 500) {
    const message = error instanceof Error ? error.message : 'The request cannot be read.';
    return rejected(
      statusCode,
      DESCRIPTION_CODES.missingOrInvalid,
      statusCode === 415 ? `${message}; send the SCRIPT message as application/xml or text/xml.` : message,
    );
  }
  // Anything else is isocourse's own fault: "receiver system error", with nothing of its internals.
  return {
    httpStatus: 500,
    error: {
      code: '602',
      descriptionCode: '',
      description: 'isocourse could not process the message because of an internal error; nothing was recorded. Send it again later.',
    },
  };
}

/** The Error message for an error, with the request's header when it was read that far. */
export function scriptErrorAnswer(error: unknown, envelope: ScriptEnvelope | null, now: Date): ScriptAnswer {
  const { httpStatus, error: scriptError, retryAfterSeconds } = scriptErrorOf(error);
  return { httpStatus, xml: errorMessage(envelope, scriptError, now), ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

/**
 * The SMART system scope each message needs, as the FHIR resource it amounts to: a NewRx creates a
 * MedicationRequest; a REMSRequest asks for, and an RxFill records, what becomes a MedicationDispense.
 */
export const MESSAGE_SCOPES: Record<MessageType, string> = {
  NewRx: 'system/MedicationRequest.c',
  REMSInitiationRequest: 'system/MedicationDispense.r',
  REMSRequest: 'system/MedicationDispense.c',
  RxFill: 'system/MedicationDispense.c',
};

/** Answers one SCRIPT message from a client. */
export async function answerScript(services: Services, client: () => ClientActor, xml: string): Promise<ScriptAnswer> {
  let envelope: ScriptEnvelope | null = null;
  try {
    // Who is asking comes first: an unknown client learns nothing, not even whether its XML reads.
    const actor = client();
    envelope = readEnvelope(xml);
    const type = messageTypeOf(envelope);
    if (type === null) {
      throw new ScriptRejection(
        400,
        '601',
        DESCRIPTION_CODES.notSupported,
        `Unknown message type ${envelope.type}: isocourse, the REMS administrator, answers NewRx, REMSInitiationRequest, REMSRequest and RxFill.`,
      );
    }
    requireScope(actor, MESSAGE_SCOPES[type]);
    switch (type) {
      case 'NewRx':
        return await receiveNewRx(services, actor, envelope);
      case 'REMSInitiationRequest':
        return await answerRemsInitiation(services, actor, envelope);
      case 'REMSRequest':
        return await answerRemsRequest(services, actor, envelope);
      case 'RxFill':
        return await receiveRxFill(services, actor, envelope);
    }
  } catch (error) {
    const answer = scriptErrorAnswer(error, envelope, services.now());
    if (answer.httpStatus >= 500) {
      // Not the sender's fault: the route's error handler logs it and answers "receiver system error".
      throw error;
    }
    return answer;
  }
}
