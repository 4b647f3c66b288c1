import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grantScopes, parseScope, scopesAllow } from './scopes.js';

test('SMART v2 and v1 system scopes are read alike; user and patient scopes and bad letters are not system scopes', () => {
  assert.deepEqual(parseScope('system/Observation.rs'), { resource: 'Observation', permissions: 'rs' });
  assert.deepEqual(parseScope('system/Observation.read'), { resource: 'Observation', permissions: 'rs' });
  assert.deepEqual(parseScope('system/*.write'), { resource: '*', permissions: 'cud' });
  assert.deepEqual(parseScope('system/*.*'), { resource: '*', permissions: 'cruds' });
  assert.equal(parseScope('user/Observation.rs'), null);
  assert.equal(parseScope('patient/*.read'), null);
  assert.equal(parseScope('system/Observation.sr'), null, 'letters out of order');
  assert.equal(parseScope('system/Observation.rr'), null, 'a letter twice');
  assert.equal(parseScope('system/Observation.x'), null);
  assert.equal(parseScope('system/observation.rs'), null, 'resource types are capitalised');
});

test('a route needing Observation read is allowed by Observation.rs, *.read or *.cruds, not by Patient.rs or Observation.c', () => {
  assert.equal(scopesAllow(['system/Observation.rs'], 'system/Observation.rs'), true);
  assert.equal(scopesAllow(['system/*.read'], 'system/Observation.r'), true);
  assert.equal(scopesAllow(['system/*.cruds'], 'system/Observation.c'), true);
  assert.equal(scopesAllow(['system/Patient.rs'], 'system/Observation.rs'), false);
  assert.equal(scopesAllow(['system/Observation.c'], 'system/Observation.rs'), false);
  assert.equal(scopesAllow(['system/Observation.r'], 'system/Observation.rs'), false, 'search needs s too');
  assert.equal(scopesAllow([], 'system/Observation.rs'), false);
});

test('a token is granted what was asked, narrowed to what the client was registered for', () => {
  assert.deepEqual(grantScopes(['system/Observation.rs'], ['system/*.rs']), ['system/Observation.rs']);
  assert.deepEqual(grantScopes(['system/Observation.cruds'], ['system/Observation.rs']), ['system/Observation.rs']);
  assert.deepEqual(grantScopes(['system/*.read'], ['system/Patient.rs', 'system/Observation.r']), ['system/Patient.rs', 'system/Observation.r']);
  assert.deepEqual(grantScopes(['system/Consent.rs', 'launch', 'openid'], ['system/Observation.rs']), []);
});
