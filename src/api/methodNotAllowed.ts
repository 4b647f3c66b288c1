// A path that exists, asked with a method it does not answer (TRACE, DELETE on a read…): 405 with
// an Allow header naming the methods it does, in the format of the edge the path belongs to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods this path answers (the web app's catch-all, a wildcard, does not count). */
export function allowedMethods(app: FastifyInstance, url: string): string[] {
  const path = url.split('?')[0] ?? url;
  return ROUTABLE_METHODS.filter((method) => {
    // Fastify answers null for a path no route matches, though its types leave the null out.
    const route = app.findRoute({ method, url: path }) as ReturnType<FastifyInstance['findRoute']> | null;
    return route !== null && !Object.hasOwn(route.params, '*');
  });
}

/**
 * Answers 405 when the path has routes for other methods: sets Allow and calls `send` with the
 * error (each edge formats it: problem+json, OperationOutcome); null when the path has no routes.
 */
export function refuseOtherMethod(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  send: (error: Error & { statusCode: 405 }) => FastifyReply,
): FastifyReply | null {
  const allowed = allowedMethods(app, request.url);
  if (allowed.length === 0 || allowed.includes(request.method)) {
    return null;
  }
  const detail = `${(request.url.split('?')[0] ?? '').slice(0, 200)} answers ${allowed.join(', ')}, not ${request.method}.`;
  reply.header('allow', allowed.join(', '));
  return send(Object.assign(new Error(detail), { statusCode: 405 as const }));
}
