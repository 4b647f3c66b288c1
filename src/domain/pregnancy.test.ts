import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pregnancyHold } from './pregnancy.js';
import { givenPatient } from '../../test/support/patientFacts.js';

const patient = () => givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' });

describe('pregnancy hold (R-PREG-1, R-PREG-3)', () => {
  test('T-37 R-PREG-1: a positive monthly test holds from its specimen date, not before', () => {
    const facts = patient().monthlyTest('2025-04-02', { result: 'positive', resultDate: '2025-04-03' }).facts();
    assert.equal(pregnancyHold(facts, '2025-04-01'), null);
    assert.deepEqual(pregnancyHold(facts, '2025-04-02'), { since: '2025-04-02', cause: 'positiveTest' });
  });

  test('R-PREG-1: a reported pregnancy holds from the report date', () => {
    const facts = patient().pregnancyReported('2025-04-10').facts();
    assert.deepEqual(pregnancyHold(facts, '2025-04-10'), { since: '2025-04-10', cause: 'reportedPregnancy' });
  });

  test('R-PREG-1: negative and invalid results never hold', () => {
    const facts = patient().monthlyTest('2025-04-02').monthlyTest('2025-04-03', { result: 'invalid' }).facts();
    assert.equal(pregnancyHold(facts, '2025-05-01'), null);
  });

  test('R-PREG-3: a clearance on or after the positive lifts the hold from the clearance day', () => {
    const facts = patient().monthlyTest('2025-04-02', { result: 'positive' }).pregnancyCleared('2025-04-05').facts();
    assert.notEqual(pregnancyHold(facts, '2025-04-04'), null);
    assert.equal(pregnancyHold(facts, '2025-04-05'), null);
  });

  test('R-PREG-3: an old clearance does not clear a later positive', () => {
    const facts = patient()
      .monthlyTest('2025-04-02', { result: 'positive' })
      .pregnancyCleared('2025-04-05')
      .monthlyTest('2025-05-02', { result: 'positive' })
      .facts();
    assert.deepEqual(pregnancyHold(facts, '2025-05-02'), { since: '2025-05-02', cause: 'positiveTest' });
  });
});
