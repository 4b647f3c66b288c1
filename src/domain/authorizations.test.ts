import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { authorizationStatus, effectiveDoNotDispenseAfter, usDoNotDispenseAfter } from './authorizations.js';
import { addDays } from './dates.js';
import { authorizationIn, givenPatient } from '../../test/support/patientFacts.js';

function authorized(doNotDispenseAfter: string, remsDoNotDispenseAfter: string | null = null) {
  const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
    .prescription({ id: 'rx-1', writtenOn: '2025-03-10' })
    .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-10', doNotDispenseAfter, remsDoNotDispenseAfter })
    .facts();
  return authorizationIn(facts, 'auth-rx-1');
}

describe('authorization dates and status (D-4, R-AUTH-1..R-AUTH-4)', () => {
  test('T-10 D-4: the REMS date earlier than ours (03-15 vs 03-16) wins', () => {
    assert.equal(effectiveDoNotDispenseAfter(authorized('2025-03-16', '2025-03-15')), '2025-03-15');
  });

  test('D-4: a REMS date later than ours never extends it', () => {
    assert.equal(effectiveDoNotDispenseAfter(authorized('2025-03-16', '2025-03-20')), '2025-03-16');
  });

  test('D-4: without a REMS date our own date binds', () => {
    assert.equal(effectiveDoNotDispenseAfter(authorized('2025-03-16')), '2025-03-16');
  });

  test('R-AUTH-2: active through the last allowed day, expired the day after', () => {
    const authorization = authorized('2025-03-16');
    assert.equal(authorizationStatus(authorization, '2025-03-10'), 'active');
    assert.equal(authorizationStatus(authorization, '2025-03-16'), 'active');
    assert.equal(authorizationStatus(authorization, '2025-03-17'), 'expired');
  });

  test('D-4 R-AUTH-2: with an earlier REMS date the authorization expires after that date', () => {
    const authorization = authorized('2025-03-16', '2025-03-15');
    assert.equal(authorizationStatus(authorization, '2025-03-15'), 'active');
    assert.equal(authorizationStatus(authorization, '2025-03-16'), 'expired');
  });

  test('R-AUTH-4 / R-AUTH-2: a dispensed authorization is used; a reversed one is reversed, whatever the date', () => {
    const builder = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
      .prescription({ id: 'rx-1', writtenOn: '2025-03-10' })
      .prescription({ id: 'rx-2', writtenOn: '2025-03-10' })
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-10', doNotDispenseAfter: '2025-03-16' })
      .authorization({ prescriptionId: 'rx-2', requestedOn: '2025-03-10', doNotDispenseAfter: '2025-03-16' })
      .dispensed('auth-rx-1', '2025-03-12')
      .reversed('auth-rx-2', '2025-03-12');
    const facts = builder.facts();
    assert.equal(authorizationStatus(authorizationIn(facts, 'auth-rx-1'), '2025-03-13'), 'used');
    assert.equal(authorizationStatus(authorizationIn(facts, 'auth-rx-1'), '2025-04-30'), 'used');
    assert.equal(authorizationStatus(authorizationIn(facts, 'auth-rx-2'), '2025-03-13'), 'reversed');
  });

  test('property D-4: the binding date is never later than either date and equals one of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.option(fc.integer({ min: 0, max: 40 })), (ours, theirs) => {
        const app = addDays('2025-03-10', ours);
        const rems = theirs === null ? null : addDays('2025-03-10', theirs);
        const binding = usDoNotDispenseAfter(authorized(app, rems));
        assert.ok(binding <= app);
        if (rems !== null) {
          assert.ok(binding <= rems);
        }
        assert.ok(binding === app || binding === rems);
      }),
    );
  });
});
