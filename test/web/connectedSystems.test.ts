// The Connected systems page's choices and checks (web/src/pages/admin/connectedSystems.ts): the
// scopes it offers are SMART system scopes the server understands, its presets are the ones the
// command line registers (src/interop/smart/scopePresets.ts), and a pasted key is read as the
// server will (a JWK Set or one JWK), a private key refused before it is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { PRESET_SCOPES } from '../../src/interop/smart/scopePresets.js';
import { parseScope } from '../../src/interop/smart/scopes.js';
import { presetScopes, readPastedKeys, SCOPE_CHOICES } from '../../web/src/pages/admin/connectedSystems.js';

test('every scope offered is a system scope; the presets of the page and of the command line are the same', () => {
  for (const choice of SCOPE_CHOICES) {
    assert.notEqual(parseScope(choice.scope), null, choice.scope);
  }
  assert.deepEqual(presetScopes('practice'), PRESET_SCOPES.practice);
  assert.deepEqual(presetScopes('pharmacy'), PRESET_SCOPES.pharmacy);
});

/** The message a refused paste answers with (a key taken instead fails the test). */
function refusalOf(answer: ReturnType<typeof readPastedKeys>): string {
  assert.ok(typeof answer === 'string', `refused, not taken: ${JSON.stringify(answer)}`);
  return answer;
}

test('a pasted key: a JWK Set or one public JWK is taken; a private key, broken JSON or an empty set is refused with what to do', async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  assert.deepEqual(readPastedKeys(JSON.stringify({ keys: [publicJwk] })), { keys: [publicJwk] });
  assert.deepEqual(readPastedKeys(`  ${JSON.stringify(publicJwk, null, 2)}\n`), { keys: [publicJwk] });
  assert.match(refusalOf(readPastedKeys(JSON.stringify({ keys: [await exportJWK(privateKey)] }))), /This holds the private key/);
  assert.match(refusalOf(readPastedKeys(JSON.stringify(await exportJWK(privateKey)))), /This holds the private key/);
  assert.match(refusalOf(readPastedKeys('{ "keys": [ { "kty": "EC", ')), /Paste the key as JSON/);
  assert.match(refusalOf(readPastedKeys('{ "keys": [] }')), /at least one key/);
  assert.match(refusalOf(readPastedKeys('[1, 2]')), /at least one key/);
});
