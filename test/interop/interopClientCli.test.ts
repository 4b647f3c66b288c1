// The README's command-line walk-through of a connected system (src/scripts/interopClient.ts), run
// as an operator types it: `npm run interop:client -- register` against the database of a real
// server listening on 127.0.0.1 (DATABASE_URL names it, as for `npm run backup`), then
// `npm run -s interop:token` against that server's /auth/token. What it prints is what a shell
// captures: the client_id alone, then the access token alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { authenticateClientToken } from '../../src/interop/smart/clientAuth.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertStatus } from '../support/journeys.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run interop:client / interop:token', () => {
  let api: TestApi;
  let serverUrl: string;
  let keysDir: string;

  function npmRun(script: 'interop:client' | 'interop:token', args: string[]): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: api.database.connectionString, ISOCOURSE_INTEROP_CLIENTS_DIR: keysDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ code, stdout, stderr });
      });
    });
  }

  before(async () => {
    keysDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-interop-cli-')), 'interop-clients');
    api = await startTestApi();
    // The commands sign with the real clock: the server's is set to it.
    api.setClock(new Date());
    serverUrl = (await api.app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  });
  after(async () => {
    await api.close();
    await fs.rm(path.dirname(keysDir), { recursive: true, force: true });
  });

  test('register prints the client_id alone and saves its private key (0600); token prints an access token the server accepts, narrowed when asked', async () => {
    const registered = await npmRun('interop:client', ['register', '--kind', 'practice', '--organization', 'test dermatology', '--url', serverUrl]);
    assert.equal(registered.code, 0, registered.stderr);
    const clientId = registered.stdout.trim();
    assert.match(registered.stdout, /^isoc-[A-Za-z0-9_-]+\n$/, 'only the client_id on stdout');
    assert.match(
      registered.stderr,
      /registered "Test Dermatology EHR \(command line\)" for Test Dermatology with the scopes system\/\*\.rs system\/Observation\.c system\/QuestionnaireResponse\.c/,
    );

    const file = path.join(keysDir, `${clientId}.json`);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600, 'the key file is readable by its owner only');
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.equal(saved.clientId, clientId);
    assert.equal(saved.tokenEndpoint, `${serverUrl}/auth/token`);
    assert.equal(saved.privateJwk.crv, 'P-384');
    assert.equal(typeof saved.privateJwk.d, 'string', 'the private part stays in the file');

    const row = await api.database.db
      .selectFrom('interop_clients')
      .select(['organization_id', 'scopes', 'registered_by', 'jwks'])
      .where('client_id', '=', clientId)
      .executeTakeFirstOrThrow();
    assert.equal(row.organization_id, api.ids.practiceId);
    assert.deepEqual(row.scopes, ['system/*.rs', 'system/Observation.c', 'system/QuestionnaireResponse.c', 'system/MedicationRequest.c'], "the EHR's preset");
    assert.equal(row.registered_by, api.ids.users.admin, 'registered as the first administrator');
    assert.ok(!JSON.stringify(row.jwks).includes('"d"'), 'only the public key is registered');

    const issued = await npmRun('interop:token', ['--client', clientId]);
    assert.equal(issued.code, 0, issued.stderr);
    assert.match(issued.stdout, /^[^\s]+\n$/, 'only the token on stdout');
    const actor = await authenticateClientToken(api.services, issued.stdout.trim(), null);
    assert.ok(actor !== null, 'the server knows the token');
    assert.equal(actor.organizationId, api.ids.practiceId);
    assert.deepEqual(actor.client.scopes, ['system/*.rs', 'system/Observation.c', 'system/QuestionnaireResponse.c', 'system/MedicationRequest.c']);

    const narrowed = await npmRun('interop:token', ['--client', clientId, '--scope', 'system/Observation.rs', '--url', serverUrl]);
    assert.equal(narrowed.code, 0, narrowed.stderr);
    assert.deepEqual((await authenticateClientToken(api.services, narrowed.stdout.trim(), null))?.client.scopes, ['system/Observation.rs']);

    // Revoked by the administrator: no token any more, said on stderr, nothing on stdout.
    const listed = await api.as('admin').get('/interop-clients');
    const id = listed.body.find((client: { clientId: string }) => client.clientId === clientId).id;
    assertStatus(await api.as('admin').post(`/interop-clients/${id}/revocations`), 200);
    const refused = await npmRun('interop:token', ['--client', clientId]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^no token: 40[01] invalid_client/);
  });

  test('refusals name what to type: an unknown organization lists the registered ones, an unknown client, a bad kind; nothing is registered', async () => {
    const before = await api.database.db.selectFrom('interop_clients').select('id').execute();
    const unknown = await npmRun('interop:client', ['register', '--kind', 'pharmacy', '--organization', 'Nowhere Pharmacy']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no pharmacy is called or has the id "Nowhere Pharmacy"\. Registered: "Other Pharmacy", "Test Pharmacy"\./);
    const ambiguous = await npmRun('interop:client', ['register', '--kind', 'pharmacy']);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /--organization: which pharmacy\?/);
    const badKind = await npmRun('interop:client', ['register', '--kind', 'hospital']);
    assert.equal(badKind.code, 2);
    assert.match(badKind.stderr, /--kind is practice \(an EHR\) or pharmacy/);
    const badScope = await npmRun('interop:client', ['register', '--kind', 'pharmacy', '--organization', api.ids.pharmacyId, '--scopes', 'patient/*.read']);
    assert.equal(badScope.code, 1);
    assert.match(badScope.stderr, /refused: scopes\/0: "patient\/\*\.read" is not a SMART system scope/);
    assert.deepEqual(await api.database.db.selectFrom('interop_clients').select('id').execute(), before);

    const noKey = await npmRun('interop:token', ['--client', 'isoc-unknown', '--url', serverUrl]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /no key saved for isoc-unknown/);
  });
});
