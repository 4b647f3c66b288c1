// A minimal keep-alive HTTP/1.1 client for the load generator: node's http.Agent with one socket
// per concurrent worker, request bodies prepared before timing starts, response bodies drained.
import http from 'node:http';

export interface HttpClient {
  /** Sends a request and resolves to its status once the whole response has arrived. */
  send(method: string, path: string, headers: http.OutgoingHttpHeaders, body?: Buffer): Promise<number>;
  /** Same, returning the body as text (for log-in and checks, not for timed requests). */
  fetch(method: string, path: string, headers: http.OutgoingHttpHeaders, body?: Buffer): Promise<{ status: number; body: string }>;
  /** For timed requests that must answer `expected`: the body is kept (as text) only when another status came. */
  expect(expected: number, method: string, path: string, headers: http.OutgoingHttpHeaders, body?: Buffer): Promise<{ status: number; body: string }>;
  close(): void;
}

export function httpClient(port: number, sockets: number): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const request = (
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer | undefined,
    keepBody: (status: number) => boolean,
  ): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': body.length },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const keep = keepBody(status);
          const chunks: Buffer[] = [];
          if (keep) {
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
          } else {
            res.resume();
          }
          res.on('end', () => {
            resolve({ status, body: keep ? Buffer.concat(chunks).toString('utf8') : '' });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    send: async (method, path, headers, body) => (await request(method, path, headers, body, () => false)).status,
    fetch: (method, path, headers, body) => request(method, path, headers, body, () => true),
    expect: (expected, method, path, headers, body) => request(method, path, headers, body, (status) => status !== expected),
    close: () => {
      agent.destroy();
    },
  };
}

/** An answer's JSON body as an object; an error (with the start of the body) when it is anything else. */
export function jsonObject(body: string): Record<string, unknown> {
  const value: unknown = JSON.parse(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got: ${body.slice(0, 200)}`);
  }
  return value as Record<string, unknown>;
}

/** The token of a log-in's answer (POST /api/v1/sessions, 201). */
export function sessionToken(body: string): string {
  const token = jsonObject(body)['token'];
  if (typeof token !== 'string') {
    throw new Error(`a log-in answer without a token: ${body.slice(0, 200)}`);
  }
  return token;
}
