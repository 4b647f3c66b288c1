// POST /ncpdp/script: NCPDP SCRIPT messages from an EHR (NewRx) or a pharmacy system
// (REMSInitiationRequest, REMSRequest, RxFill), answered in SCRIPT. Its own encapsulated plugin:
// its own XML body parser (the body is kept as the string sent and read by fast-xml-parser) and its
// own error handler, so every refusal, including Fastify's own (415, 413), is an NCPDP Error.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services/context.js';
import { clientActorOf } from '../smart/clientAuth.js';
import { ACCEPTED_SCRIPT_VERSIONS, type ScriptAnswer } from './messages.js';
import { answerScript, scriptErrorAnswer } from './script.js';

const XML_TYPES = ['application/xml', 'text/xml'];

/** Every answer is a SCRIPT message as XML, the refusals an Error message; documented per status. */
const scriptAnswer = (description: string) => ({ description, type: 'string' as const });
const ERROR_STATUSES: Record<number, string> = {
  400: 'Error: the message cannot be read (XML, version, a missing or invalid element, an unknown message type)',
  401: 'Error: no valid client access token',
  403: "Error: the client's kind or scopes do not allow this message, or it names another pharmacy or an unknown prescriber NPI",
  404: 'Error: a record the message names is not found',
  409: 'Error: the MessageID was already used for a different message',
  413: 'Error: the message is larger than 1 MB',
  415: 'Error: the body is not application/xml or text/xml',
  422: 'Error: the program refuses what the message asks (the reasons in Description), or the patient needs review; nothing recorded',
  429: 'Error: too many look-ups by case number and date of birth that matched no one; Retry-After says when to try again',
};

function withRetryAfter(reply: FastifyReply, answer: ScriptAnswer): FastifyReply {
  return answer.retryAfterSeconds === undefined ? reply : reply.header('retry-after', String(answer.retryAfterSeconds));
}

export async function ncpdpRoutes(app: FastifyInstance, services: Services): Promise<void> {
  // Registering routes awaits nothing: a callback plugin, done once they are in place.
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(XML_TYPES, { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    // Who is asking comes before the body is even parsed: an unknown caller gets 401 whatever it sends.
    scope.addHook('onRequest', (request, _reply, done) => {
      clientActorOf(request);
      done();
    });
    scope.setErrorHandler((error, request, reply) => {
      const answer = scriptErrorAnswer(error, null, services.now());
      if (answer.httpStatus >= 500) {
        request.log.error({ err: error }, 'NCPDP SCRIPT message failed');
      }
      return withRetryAfter(reply, answer).status(answer.httpStatus).type('application/xml; charset=utf-8').send(answer.xml);
    });
    scope.post<{ Body: string }>(
      '/ncpdp/script',
      {
        schema: {
          tags: ['interop'],
          summary: 'NCPDP SCRIPT: NewRx from an EHR; REMSInitiationRequest, REMSRequest and RxFill from a pharmacy system',
          description:
            `SCRIPT ${ACCEPTED_SCRIPT_VERSIONS.join(', ')} (labelled e.g. 2017071, 20170715, 2024011 or V2024071), with or without a namespace; ` +
            'element names in any case. Answers: Status (NewRx, RxFill), REMSInitiationResponse, REMSResponse (Approved with the authorization ' +
            'number and period, or Denied with a reason code EM/ES/EO/EC/EZ and a note), or Error (Code, DescriptionCode, Description). ' +
            'The MessageID is the idempotency key: the same message again gets the first answer. Needs a client access token from /auth/token.',
          consumes: XML_TYPES,
          produces: ['application/xml'],
          body: { type: 'string', description: 'An NCPDP SCRIPT <Message>' },
          response: {
            200: scriptAnswer('Status (NewRx, RxFill), REMSInitiationResponse or REMSResponse (Approved or Denied)'),
            ...Object.fromEntries(Object.entries(ERROR_STATUSES).map(([status, description]) => [status, scriptAnswer(description)])),
          },
        },
      },
      async (request, reply) => {
        const answer = await answerScript(services, () => clientActorOf(request), request.body);
        return withRetryAfter(reply, answer).status(answer.httpStatus).type('application/xml; charset=utf-8').send(answer.xml);
      },
    );
    done();
  });
}
