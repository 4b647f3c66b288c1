import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ACTIVATION_VALID_DAYS, activateAccount } from '../../services/auth/accountActivation.js';
import { chooseLanguage } from '../../services/auth/chooseLanguage.js';
import { currentUser } from '../../services/auth/currentUser.js';
import { LANGUAGES } from '../../messages/patient/locales.js';
import { logIn, logOut } from '../../services/auth/logIn.js';
import { LOGIN_THROTTLE } from '../../services/auth/loginThrottle.js';
import type { Services } from '../../services/context.js';
import { actorOf, CSRF_COOKIE, SESSION_COOKIE, sessionCredential } from '../session.js';
import { NoContent, Nullable, openAnswer, problemResponses, strictObject, Uuid } from '../schemas.js';

const Credentials = strictObject({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

const Activation = strictObject({
  token: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 12, maxLength: 200 }),
});

const LanguageChoice = strictObject({
  language: Type.Union(
    LANGUAGES.map((language) => Type.Literal(language)),
    { description: 'en (English) or es (Spanish)' },
  ),
});

const Me = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    displayName: Type.String(),
    role: Type.String(),
    organizationId: Nullable(Uuid),
    patientId: Nullable(Uuid),
    timeZone: Type.String({ description: "The clinic's time zone (IANA), in which moments are shown" }),
    language: Type.String({ description: "The language chosen for the patient's pages and reminders (staff pages stay English)" }),
  },
  { description: 'The account logged in, its patient record (a patient) and the time zone moments are shown in' },
);

export function sessionRoutes(api: FastifyInstance, services: Services): void {
  api.post<{ Body: Static<typeof Credentials> }>(
    '/sessions',
    {
      config: { public: true },
      schema: {
        tags: ['sessions'],
        summary: 'Log in: sets the session cookie and returns a bearer token for machine clients',
        description:
          'Every log-in starts a new session and ends the one the request carried. Wrong passwords are throttled: ' +
          `after ${LOGIN_THROTTLE.accountFailures} in a row for one account, or ${LOGIN_THROTTLE.addressFailures} from one address, ` +
          `within ${LOGIN_THROTTLE.windowMinutes} minutes, log-in answers 429 with Retry-After ` +
          '(also, for a few seconds, when attempts still being checked would complete such a limit). ' +
          'When more people log in at once than the server can check passwords for, log-in answers 503 with Retry-After. ' +
          `Cookie sessions must echo the ${CSRF_COOKIE} cookie (also returned as csrfToken) in the x-csrf-token header of every POST and DELETE.`,
        security: [],
        body: Credentials,
        response: {
          201: openAnswer('Logged in: the bearer token, the CSRF token for cookie sessions, when the session ends, and who is logged in', {
            token: Type.String(),
            csrfToken: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
            user: openAnswer('Who logged in', { id: Uuid, email: Type.String(), displayName: Type.String(), role: Type.String() }),
          }),
          ...problemResponses(400, 401, 403, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const session = await logIn(services, request.body, { ip: request.ip, replacingToken: sessionCredential(request)?.token ?? null });
      const cookieOptions = { path: '/', sameSite: 'strict', secure: request.protocol === 'https', expires: session.expiresAt } as const;
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookieOptions, httpOnly: false });
      return reply.status(201).send(session);
    },
  );
  api.post<{ Body: Static<typeof Activation> }>(
    '/account-activations',
    {
      config: { public: true },
      schema: {
        tags: ['sessions'],
        summary: 'Activate a patient log-in created from her email: set her own password with the one-time token of her activation link',
        description:
          `The token works once, for ${ACTIVATION_VALID_DAYS} days, and only if it is the newest issued for the account. ` +
          'Wrong tokens are throttled per address like wrong passwords (429 with Retry-After). No session is set: log in with POST /sessions afterwards.',
        security: [],
        body: Activation,
        response: { 201: openAnswer('Activated: the account to log in with', { email: Type.String() }), ...problemResponses(400, 403, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await activateAccount(services, request.body, { ip: request.ip })),
  );
  api.delete(
    '/sessions/current',
    { schema: { tags: ['sessions'], summary: 'Log out', response: { 204: NoContent, ...problemResponses(401) } } },
    async (request, reply) => {
      actorOf(request);
      const credential = sessionCredential(request);
      if (credential !== null) {
        await logOut(services, credential.token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
  api.get('/me', { schema: { tags: ['sessions'], summary: 'Who is logged in', response: { 200: Me, ...problemResponses(401) } } }, async (request) => {
    const actor = actorOf(request);
    return currentUser(services, actor);
  });
  api.post<{ Body: Static<typeof LanguageChoice> }>(
    '/me/language',
    {
      schema: {
        tags: ['sessions'],
        summary: "Choose the language of one's pages and reminders (the patient's pages; staff pages stay English)",
        body: LanguageChoice,
        response: { 200: openAnswer('The language now chosen', { language: Type.String() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => chooseLanguage(services, actorOf(request), request.body),
  );
}
