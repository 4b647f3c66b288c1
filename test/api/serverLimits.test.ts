// What an independent test of the running server found (issue 12, item 7): silent and trickling
// connections are closed in bounded time, every 5xx is logged with an id the client also gets,
// and a method a path does not answer is 405 with Allow. A real server on 127.0.0.1; no database
// is needed (one that cannot be reached stands in for a broken one).
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import type { HttpLimits } from '../../src/api/httpLimits.js';
import { readConfig } from '../../src/config.js';
import { createServices } from '../../src/createServices.js';
import { present } from '../support/present.js';

const limits: HttpLimits = {
  maxConnections: 100,
  maxRequestsPerSocket: 100,
  headersTimeoutMs: 800,
  requestTimeoutMs: 1_500,
  idleTimeoutMs: 5_000,
  keepAliveTimeoutMs: 500,
  checkIntervalMs: 100,
};

/** Milliseconds until the server closes this socket (bounded: rejects after `withinMs`). */
function closedWithin(socket: net.Socket, withinMs: number): Promise<{ ms: number; received: string }> {
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${withinMs} ms`));
    }, withinMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, received });
    });
    socket.on('error', () => undefined);
  });
}

/** fetch refuses TRACE: node's own client sends any method. */
function send(port: number, method: string, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    request.setTimeout(5_000, () => request.destroy(new Error('no answer in 5 s')));
    request.on('error', reject);
    request.end();
  });
}

describe('the HTTP server against silent, slow and careless clients', () => {
  let app: FastifyInstance;
  let port: number;
  let baseUrl: string;
  const logLines: string[] = [];
  before(async () => {
    const services = createServices('postgres://nobody:nothing@127.0.0.1:1/none', readConfig({}));
    app = await buildApp(services, { webApp: false, http: limits, logStream: { write: (line) => void logLines.push(line) } });
    app.post('/api/test/broken', { config: { public: true } }, (request) => {
      const note = (request.body as { note: string }).note;
      return Promise.reject(new Error(`could not store "${note}"`));
    });
    baseUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    port = Number(new URL(baseUrl).port);
  });
  after(async () => {
    await app.close();
  });

  test('a connection that sends nothing is closed within the headers time-out', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const { ms } = await closedWithin(socket, 4_000);
    assert.ok(ms < 3_000, `closed after ${ms} ms`);
  });

  test('a body that trickles in is cut off within the request time-out', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/v1/sessions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n');
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    try {
      const { ms, received } = await closedWithin(socket, 5_000);
      assert.ok(ms < 4_000, `closed after ${ms} ms`);
      assert.match(received, /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
  });

  test('an idle kept-alive connection is closed; a normal request is answered', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /api/health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    const { ms, received } = await closedWithin(socket, 4_000);
    assert.match(received, /^HTTP\/1\.1 200/);
    assert.match(received, /"status":"ok"/);
    assert.ok(ms < 3_000, `closed after ${ms} ms`);
    const response = await fetch(`${baseUrl}/api/health`);
    assert.equal(response.status, 200);
  });

  test('an unexpected error is logged, one line with the id the client got, without the body', async () => {
    logLines.length = 0;
    const secret = 'Isotretinoin-Jane-Doe-1990-04-02';
    const response = await fetch(`${baseUrl}/api/test/broken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: secret, other: 'second-secret-field' }),
    });
    assert.equal(response.status, 500);
    const id = response.headers.get('request-id');
    assert.ok(id !== null && /^[0-9a-f-]{36}$/.test(id));
    const problem = (await response.json()) as Record<string, unknown>;
    assert.equal(problem['requestId'], id);
    assert.equal(problem['instance'], `urn:uuid:${id}`);
    const errors = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['reqId'] === id);
    assert.equal(errors.length, 1, logLines.join(''));
    assert.equal(present(errors[0])['level'], 50);
    assert.equal(present(errors[0])['status'], 500);
    const all = logLines.join('');
    assert.ok(!all.includes(secret) && !all.includes('second-secret-field'), all);
  });

  test('a database that cannot be reached: a 503 with Retry-After, logged with its id, whatever LOG_REQUESTS says', async () => {
    logLines.length = 0;
    const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: 'Bearer some-token' } });
    // 503, not 500: the database is unavailable (test/api/databaseUnavailable.test.ts, src/services/unavailable.ts).
    assert.equal(response.status, 503);
    assert.ok(response.headers.get('retry-after') !== null);
    const id = response.headers.get('request-id');
    const problem = (await response.json()) as Record<string, unknown>;
    assert.equal(problem['requestId'], id);
    assert.ok(
      logLines.some((line) => (JSON.parse(line) as Record<string, unknown>)['reqId'] === id),
      logLines.join(''),
    );
    assert.ok(!logLines.join('').includes('some-token'));
  });

  test('a method a path does not answer is 405 with Allow, as problem+json', async () => {
    for (const method of ['TRACE', 'DELETE', 'PUT']) {
      const response = await send(port, method, '/api/health');
      assert.equal(response.status, 405, method);
      assert.equal(response.headers['allow'], 'GET, HEAD');
      assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.equal((JSON.parse(response.body) as { status: number }).status, 405);
    }
    const sessions = await send(port, 'TRACE', '/api/v1/sessions');
    assert.equal(sessions.status, 405);
    assert.match(String(sessions.headers['allow']), /POST/);
    // The FHIR edge answers the same refusal in its own format.
    const fhir = await send(port, 'TRACE', '/fhir/r4/metadata');
    assert.equal(fhir.status, 405);
    assert.match(String(fhir.headers['allow']), /GET/);
    assert.equal((JSON.parse(fhir.body) as { resourceType: string }).resourceType, 'OperationOutcome');
    const missing = await send(port, 'TRACE', '/api/nothing-here');
    assert.equal(missing.status, 404);
  });
});
