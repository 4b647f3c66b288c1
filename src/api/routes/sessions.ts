import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { logIn, logOut } from '../../services/auth/logIn.js';
import type { Services } from '../../services/context.js';
import { actorOf, SESSION_COOKIE, sessionToken } from '../app.js';
import { problemResponses, strictObject } from '../schemas.js';

const Credentials = strictObject({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export async function sessionRoutes(api: FastifyInstance, services: Services): Promise<void> {
  api.post<{ Body: Static<typeof Credentials> }>(
    '/sessions',
    {
      config: { public: true },
      schema: {
        tags: ['sessions'],
        summary: 'Log in: sets the session cookie and returns a bearer token for machine clients',
        security: [],
        body: Credentials,
        response: problemResponses(400, 401),
      },
    },
    async (request, reply) => {
      const session = await logIn(services, request.body.email, request.body.password, request.ip);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: session.expiresAt,
      });
      return reply.status(201).send(session);
    },
  );
  api.delete('/sessions/current', { schema: { tags: ['sessions'], summary: 'Log out', response: problemResponses(401) } }, async (request, reply) => {
    actorOf(request);
    const token = sessionToken(request);
    if (token !== null) {
      await logOut(services, token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  api.get('/me', { schema: { tags: ['sessions'], summary: 'Who is logged in', response: problemResponses(401) } }, async (request) => {
    const actor = actorOf(request);
    const user = await services.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'organization_id'])
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const patient = await services.db.selectFrom('patients').select('id').where('user_id', '=', actor.userId).executeTakeFirst();
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      organizationId: user.organization_id,
      patientId: patient?.id ?? null,
    };
  });
}
