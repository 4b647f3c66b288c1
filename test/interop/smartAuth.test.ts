// SMART Backend Services, as an EHR or pharmacy system meets it: the administrator registers the
// client with its public key, the client signs an assertion and gets a five-minute token for the
// scopes it was registered for; everything else is refused with OAuth's own error words.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { authenticateClientToken } from '../../src/interop/smart/clientAuth.js';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import { interopHttpClient, registerInteropClient } from '../support/interopClients.js';
import { freePort } from '../support/waiting.js';

describe('SMART Backend Services', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
  });
  after(() => api.close());

  test('the SMART configuration is public and names the token endpoint, client_credentials and private_key_jwt with RS384/ES384', async () => {
    for (const path of ['/.well-known/smart-configuration', '/fhir/r4/.well-known/smart-configuration']) {
      const res = await interopHttpClient(api, null).get(path);
      assert.equal(res.status, 200);
      assert.match(res.body.token_endpoint, /^http:\/\/localhost(:80)?\/auth\/token$/);
      assert.deepEqual(res.body.grant_types_supported, ['client_credentials']);
      assert.deepEqual(res.body.token_endpoint_auth_methods_supported, ['private_key_jwt']);
      assert.deepEqual(res.body.token_endpoint_auth_signing_alg_values_supported, ['RS384', 'ES384']);
      assert.ok(res.body.capabilities.includes('client-confidential-asymmetric'));
    }
  });

  test('a registered client gets a five-minute token for what it asked, within what it was registered for, and the token names its practice', async () => {
    const ehr = await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.rs', 'system/Patient.rs'] });
    const res = await ehr.requestToken('system/Observation.cruds system/Consent.rs');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(res.body.expires_in, 300);
    assert.equal(res.body.scope, 'system/Observation.rs', 'narrowed to its registration; Consent was never granted');
    assert.equal(res.headers['cache-control'], 'no-store');
    const actor = await authenticateClientToken(api.services, res.body.access_token, null);
    assert.equal(actor?.client.organizationId, api.ids.practiceId);
    assert.equal(actor.role, 'delegate');
    assert.deepEqual(actor.client.scopes, ['system/Observation.rs']);
    // Five minutes later it no longer opens anything.
    api.setClock(new Date(api.services.now().getTime() + 301_000));
    assert.equal(await authenticateClientToken(api.services, res.body.access_token, null), null);
    api.today('2025-03-10');
  });

  test('a pharmacy system acts as its pharmacy', async () => {
    const system = await registerInteropClient(api, { kind: 'pharmacy' });
    const actor = await authenticateClientToken(api.services, system.token, null);
    assert.equal(actor?.role, 'pharmacist');
    assert.equal(actor.organizationId, api.ids.pharmacyId);
  });

  test('a replayed, expired, foreign-audience, over-long or wrongly signed assertion is refused as invalid_client and issues nothing', async () => {
    const ehr = await registerInteropClient(api, { kind: 'practice', scopes: ['system/*.rs'] });
    const other = await registerInteropClient(api, { kind: 'practice', scopes: ['system/*.rs'] });
    const once = await ehr.assertion({ jti: 'used-once' });
    assert.equal((await ehr.requestToken('system/Patient.rs', once)).status, 200);
    const cases: [string, string][] = [
      ['replayed', once],
      ['expired', await ehr.assertion({ expiresInSeconds: -120 })],
      ['another audience', await ehr.assertion({ audience: 'https://elsewhere.example/auth/token' })],
      ['expiring in an hour', await ehr.assertion({ expiresInSeconds: 3600 })],
      // Signed with the other client's key but claiming this client's id.
      ['signed by another key', await other.assertion({ issuer: ehr.clientId })],
      ['not a JWT', 'not.a.jwt'],
      ['unknown client', await ehr.assertion({ issuer: 'isoc-unknown' })],
    ];
    const tokensBefore = await api.database.db
      .selectFrom('interop_access_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    for (const [name, assertion] of cases) {
      const res = await ehr.requestToken('system/Patient.rs', assertion);
      assert.equal(res.status, 401, `${name}: ${res.text}`);
      assert.equal(res.body.error, 'invalid_client', name);
      assert.ok(res.body.error_description.length > 20, name);
    }
    const tokensAfter = await api.database.db
      .selectFrom('interop_access_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(tokensAfter.n), Number(tokensBefore.n));
  });

  test('a wrong grant type, a missing assertion or no scope it may have is a 400 with the OAuth error code', async () => {
    const ehr = await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.rs'] });
    const anonymous = interopHttpClient(api, null);
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const password = await anonymous.raw(
      'POST',
      '/auth/token',
      form({ grant_type: 'password', scope: 'system/Observation.rs' }),
      'application/x-www-form-urlencoded',
    );
    assert.equal(password.status, 400);
    assert.equal(password.body.error, 'unsupported_grant_type');
    const noAssertion = await anonymous.raw(
      'POST',
      '/auth/token',
      form({
        grant_type: 'client_credentials',
        scope: 'system/Observation.rs',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      }),
      'application/x-www-form-urlencoded',
    );
    assert.equal(noAssertion.body.error, 'invalid_request');
    const noScope = await ehr.requestToken('system/AuditEvent.rs');
    assert.equal(noScope.status, 400);
    assert.equal(noScope.body.error, 'invalid_scope');
    const json = await anonymous.raw('POST', '/auth/token', JSON.stringify({ grant_type: 'client_credentials' }), 'application/json');
    assert.equal(json.status, 400, 'JSON is read, but the assertion is missing');
    assert.equal(json.body.error, 'invalid_request');
  });

  test('keys published at a JWKS URL are fetched from it', async () => {
    let served: object = {};
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(served));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const ehr = await registerInteropClient(api, {
        kind: 'practice',
        jwksUrl: (jwks) => {
          served = jwks;
          return Promise.resolve(`http://127.0.0.1:${port}/jwks.json`);
        },
      });
      assert.ok((await authenticateClientToken(api.services, ehr.token, null)) !== null);
    } finally {
      server.close();
    }
  });

  test('revoking a client stops its token at once and its next token request', async () => {
    const ehr = await registerInteropClient(api, { kind: 'practice' });
    const revoked = await api.as('admin').post(`/interop-clients/${ehr.id}/revocations`);
    assert.equal(revoked.status, 200);
    assert.equal(await authenticateClientToken(api.services, ehr.token, null), null);
    const again = await ehr.requestToken('system/Patient.rs');
    assert.equal(again.body.error, 'invalid_client');
    const listed = await api.as('admin').get('/interop-clients');
    assert.equal(listed.body.find((client: { id: string }) => client.id === ehr.id).revoked, true);
  });

  test('only an administrator registers clients; private keys and non-scopes are refused field by field; a client cannot log in', async () => {
    const body = { name: 'EHR', organizationId: api.ids.practiceId, scopes: ['system/*.rs'], jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y' }] } };
    assert.equal((await api.as('prescriber').post('/interop-clients', body)).status, 403);
    const bad = await api
      .as('admin')
      .post('/interop-clients', { ...body, scopes: ['user/*.read'], jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y', d: 'secret' }] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((error: { field: string }) => error.field).sort(), ['jwks/keys/0', 'scopes/0']);
    const ehr = await registerInteropClient(api, { kind: 'practice' });
    const user = await api.database.db
      .selectFrom('interop_clients as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select('u.email')
      .where('c.id', '=', ehr.id)
      .executeTakeFirstOrThrow();
    await assert.rejects(api.logIn(user.email, TEST_PASSWORD));
  });
});
