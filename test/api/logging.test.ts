// Issue 13: the server's log is structured (Fastify's pino logger): JSON lines, each line logged
// during a request carrying that request's id, every 5xx logged, and never a password, token,
// cookie, birth date or program identifier — with LOG_REQUESTS on, when the most is written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { startTestApi, TEST_PASSWORD, type EnrolledPatient, type TestApi } from '../support/api.js';

describe('the server log (LOG_REQUESTS on): JSON lines with the request id, nothing secret', () => {
  let api: TestApi;
  let app: FastifyInstance;
  let patient: EnrolledPatient;
  const lines: string[] = [];
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => void warnings.push(warning);

  before(async () => {
    api = await startTestApi();
    patient = await api.enroll();
    process.on('warning', onWarning);
    app = await buildApp(api.services, { webApp: false, logger: true, logStream: { write: (line) => void lines.push(line) } });
    // A route that fails the way a bug does, quoting what it was sent in its message.
    // It also logs the body and a password by name, as a careless line would: redact's second lock.
    app.post('/api/test/broken', { config: { public: true } }, (request) => {
      const { birthDate, password } = request.body as { birthDate: string; password: string };
      request.log.warn({ body: request.body, login: { password } }, 'careless line');
      throw new Error(`could not store the birth date "${birthDate}"`);
    });
    await app.ready();
  });
  after(async () => {
    process.off('warning', onWarning);
    await app.close();
    await api.close();
  });

  /** The log lines of one answer, each parsed (a line that is not JSON fails the test). */
  function linesOf(answer: LightMyRequestResponse): Record<string, unknown>[] {
    const id = answer.headers['request-id'];
    assert.ok(typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id), `request-id ${String(id)}`);
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['reqId'] === id);
  }

  test('a log-in, a look-up with the token and a cookie, a wrong password and a 500: every line JSON with its request id, the 500 logged, no secret', async () => {
    lines.length = 0;
    const wrongPassword = 'Wrong-Horse-Battery-9';
    const refused = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'pharmacist@test.example', password: wrongPassword } });
    assert.equal(refused.statusCode, 401, refused.body);

    const session = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'pharmacist@test.example', password: TEST_PASSWORD } });
    assert.equal(session.statusCode, 201, session.body);
    const { token, csrfToken } = JSON.parse(session.body) as { token: string; csrfToken: string };
    const cookies = session.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    assert.ok(session.cookies.length > 0, 'the log-in sets a session cookie');

    const lookUp = await app.inject({
      method: 'GET',
      url: `/api/v1/pharmacy/patients?programId=${patient.programId}&birthDate=${patient.birthDate}`,
      headers: { authorization: `Bearer ${token}`, cookie: cookies },
    });
    assert.equal(lookUp.statusCode, 200, lookUp.body);

    const broken = await app.inject({
      method: 'POST',
      url: '/api/test/broken',
      headers: { authorization: `Bearer ${token}`, cookie: cookies, 'x-csrf-token': csrfToken },
      payload: { birthDate: patient.birthDate, programId: patient.programId, password: TEST_PASSWORD },
    });
    assert.equal(broken.statusCode, 500, broken.body);

    // Every line is one JSON object, and every one of them belongs to one of the four requests.
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const ids = new Set([refused, session, lookUp, broken].map((answer) => answer.headers['request-id']));
    assert.ok(parsed.length >= 8, `at least the incoming and completed line of each request:\n${lines.join('')}`);
    for (const entry of parsed) {
      assert.ok(ids.has(entry['reqId'] as string), `a line without its request's id: ${JSON.stringify(entry)}`);
      assert.equal(typeof entry['level'], 'number');
      assert.equal(typeof entry['msg'], 'string');
    }
    for (const answer of [refused, session, lookUp, broken]) {
      const messages = linesOf(answer).map((entry) => entry['msg']);
      assert.ok(messages.includes('incoming request') && messages.includes('request completed'), JSON.stringify(messages));
    }

    // The 500: one error line with its status and the error's kind, the quoted value masked.
    const errors = linesOf(broken).filter((entry) => entry['level'] === 50);
    assert.equal(errors.length, 1, lines.join(''));
    const [logged] = errors as [{ status?: unknown; err?: { type?: unknown } }];
    assert.deepEqual([logged.status, logged.err?.type], [500, 'Error']);

    const careless = linesOf(broken).find((entry) => entry['msg'] === 'careless line');
    assert.deepEqual([careless?.['body'], careless?.['login']], ['[redacted]', { password: '[redacted]' }]);

    const all = lines.join('');
    const secrets = {
      password: TEST_PASSWORD,
      'wrong password': wrongPassword,
      token,
      'CSRF token': csrfToken,
      ...Object.fromEntries(session.cookies.map((cookie) => [`cookie ${cookie.name}`, cookie.value])),
      'birth date': patient.birthDate,
      'program id': patient.programId,
    };
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(secret.length >= 8, `${what} is long enough to be found`);
      assert.ok(!all.includes(secret), `the log holds the ${what}:\n${all}`);
    }
  });

  test("building the app raises no deprecation warning (FSTDEP023: disableRequestLogging is now the logController's)", () => {
    assert.deepEqual(
      warnings.map((warning) => (warning as Error & { code?: string }).code ?? warning.message),
      [],
    );
  });
});
