import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizationStatus } from './authorizations.js';
import type { IsoDate } from './dates.js';
import { decideDispense, type DispenseRequest } from './dispense.js';
import type { PatientFacts } from './facts.js';
import { CONFIG, authorizationIn, codes, givenPatient, pcgpReadyForFirstFill, reasonWithCode } from '../../test/support/patientFacts.js';

const generic40 = { product: 'isotretinoinGeneric', strengthMg: 40, quantity: 30, daysSupply: 30, medicationGuideGiven: true } as const;

function dispenseOn(facts: PatientFacts, authorizationId: string, dispensedOn: IsoDate, overrides: Partial<DispenseRequest> = {}) {
  return decideDispense(facts, authorizationIn(facts, authorizationId), { ...generic40, dispensedOn, ...overrides }, CONFIG);
}

/** T-01's patient: confirmation 2025-03-10, authorized on `requestedOn` until 03-16 (or the REMS date). */
function authorizedPatient(requestedOn: IsoDate, remsDoNotDispenseAfter: IsoDate | null = null) {
  return pcgpReadyForFirstFill('2025-03-10').authorization({
    prescriptionId: 'rx-1',
    requestedOn,
    doNotDispenseAfter: '2025-03-16',
    remsDoNotDispenseAfter,
  });
}

describe('dispensing against an authorization (R-AUTH-1..R-AUTH-6, D-4)', () => {
  test('T-01 R-WIN-1: dispense on day 7 of the window (2025-03-16) is allowed', () => {
    const decision = dispenseOn(authorizedPatient('2025-03-16').facts(), 'auth-rx-1', '2025-03-16');
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.reasons, []);
    assert.equal(decision.reverseAuthorization, false);
  });

  test('T-03 R-AUTH-2: authorized on day 6, picked up on day 8 → DO_NOT_DISPENSE_AFTER_PASSED and the authorization is reversed', () => {
    const builder = authorizedPatient('2025-03-15');
    const decision = dispenseOn(builder.facts(), 'auth-rx-1', '2025-03-17');
    assert.equal(decision.allowed, false);
    assert.deepEqual(codes(decision.reasons), ['DO_NOT_DISPENSE_AFTER_PASSED']);
    assert.equal(reasonWithCode(decision.reasons, 'DO_NOT_DISPENSE_AFTER_PASSED').deadline, '2025-03-16');
    assert.equal(decision.reverseAuthorization, true);
    const reversed = builder.reversed('auth-rx-1', '2025-03-17').facts();
    assert.equal(authorizationStatus(authorizationIn(reversed, 'auth-rx-1'), '2025-03-17'), 'reversed');
  });

  test('T-03 R-AUTH-2: the same authorization picked up on day 7 is allowed', () => {
    assert.equal(dispenseOn(authorizedPatient('2025-03-15').facts(), 'auth-rx-1', '2025-03-16').allowed, true);
  });

  test('T-10 D-4: REMS says 03-15, we said 03-16 → dispense on 03-16 refused; on 03-15 allowed', () => {
    const facts = authorizedPatient('2025-03-12', '2025-03-15').facts();
    const refused = dispenseOn(facts, 'auth-rx-1', '2025-03-16');
    assert.deepEqual(codes(refused.reasons), ['DO_NOT_DISPENSE_AFTER_PASSED']);
    assert.equal(reasonWithCode(refused.reasons, 'DO_NOT_DISPENSE_AFTER_PASSED').deadline, '2025-03-15');
    assert.equal(dispenseOn(facts, 'auth-rx-1', '2025-03-15').allowed, true);
  });

  test('D-4: a REMS date later than ours does not extend the authorization', () => {
    const facts = authorizedPatient('2025-03-12', '2025-03-20').facts();
    assert.deepEqual(codes(dispenseOn(facts, 'auth-rx-1', '2025-03-17').reasons), ['DO_NOT_DISPENSE_AFTER_PASSED']);
  });

  test('T-32 R-AUTH-4: a second dispense against the same authorization → AUTHORIZATION_ALREADY_USED', () => {
    const facts = authorizedPatient('2025-03-12').dispensed('auth-rx-1', '2025-03-12').facts();
    const decision = dispenseOn(facts, 'auth-rx-1', '2025-03-13');
    assert.deepEqual(codes(decision.reasons), ['AUTHORIZATION_ALREADY_USED']);
    assert.equal(decision.reverseAuthorization, false);
  });

  test('R-AUTH-2: a reversed authorization cannot be dispensed → AUTHORIZATION_REVERSED', () => {
    const facts = authorizedPatient('2025-03-12').reversed('auth-rx-1', '2025-03-13', 'Wrong quantity entered').facts();
    assert.deepEqual(codes(dispenseOn(facts, 'auth-rx-1', '2025-03-14').reasons), ['AUTHORIZATION_REVERSED']);
  });

  test('R-AUTH-1: a dispense dated before its authorization → DISPENSE_BEFORE_AUTHORIZATION', () => {
    assert.deepEqual(codes(dispenseOn(authorizedPatient('2025-03-12').facts(), 'auth-rx-1', '2025-03-11').reasons), ['DISPENSE_BEFORE_AUTHORIZATION']);
  });

  test('T-36 R-RX-5: prescription for Absorica LD 32 mg, generic 40 mg dispensed → PRODUCT_NOT_SUBSTITUTABLE', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10', 'rx-unused')
      .prescription({ id: 'rx-ld', writtenOn: '2025-03-10', product: 'absoricaLd', strengthMg: 32 })
      .authorization({ prescriptionId: 'rx-ld', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' })
      .facts();
    const generic = dispenseOn(facts, 'auth-rx-ld', '2025-03-11');
    assert.deepEqual(codes(generic.reasons), ['PRODUCT_NOT_SUBSTITUTABLE']);
    const otherStrength = dispenseOn(facts, 'auth-rx-ld', '2025-03-11', { product: 'absoricaLd', strengthMg: 16 });
    assert.deepEqual(codes(otherStrength.reasons), ['PRODUCT_NOT_SUBSTITUTABLE']);
    assert.equal(dispenseOn(facts, 'auth-rx-ld', '2025-03-11', { product: 'absoricaLd', strengthMg: 32 }).allowed, true);
  });

  test('R-RX-1: more capsules or days than prescribed, and more than 30 days, are refused', () => {
    const facts = authorizedPatient('2025-03-12').facts();
    assert.deepEqual(codes(dispenseOn(facts, 'auth-rx-1', '2025-03-12', { quantity: 31 }).reasons), ['QUANTITY_EXCEEDS_PRESCRIPTION']);
    assert.deepEqual(codes(dispenseOn(facts, 'auth-rx-1', '2025-03-12', { daysSupply: 31 }).reasons), [
      'DAYS_SUPPLY_EXCEEDS_PRESCRIPTION',
      'DAYS_SUPPLY_OVER_30',
    ]);
  });

  test('R-AUTH-6: without the Medication Guide → MEDICATION_GUIDE_REQUIRED', () => {
    const decision = dispenseOn(authorizedPatient('2025-03-12').facts(), 'auth-rx-1', '2025-03-12', { medicationGuideGiven: false });
    assert.deepEqual(codes(decision.reasons), ['MEDICATION_GUIDE_REQUIRED']);
  });

  test('T-37 R-PREG-1: a positive test after the authorization → dispense refused PREGNANCY_HOLD and the authorization reversed', () => {
    const facts = authorizedPatient('2025-03-12').pregnancyReported('2025-03-13').facts();
    const decision = dispenseOn(facts, 'auth-rx-1', '2025-03-13');
    assert.deepEqual(codes(decision.reasons), ['PREGNANCY_HOLD']);
    assert.equal(decision.reverseAuthorization, true);
  });

  test('R-CON-7: a contraception failure reported after the authorization → dispense refused CONTRACEPTION_FAILURE_REPORTED and the authorization reversed', () => {
    const facts = authorizedPatient('2025-03-12').contraceptionFailureReported('2025-03-13').facts();
    const decision = dispenseOn(facts, 'auth-rx-1', '2025-03-13');
    assert.deepEqual(codes(decision.reasons), ['CONTRACEPTION_FAILURE_REPORTED']);
    assert.equal(decision.reverseAuthorization, true);
    assert.equal(dispenseOn(facts, 'auth-rx-1', '2025-03-12').allowed, true, 'the day before the report');
  });

  test('R-END-1: a course ended after the authorization → dispense refused COURSE_ENDED and the authorization reversed', () => {
    const facts = authorizedPatient('2025-03-12').courseEnded('2025-03-14', 'adverseEvent').facts();
    const decision = dispenseOn(facts, 'auth-rx-1', '2025-03-14');
    assert.deepEqual(codes(decision.reasons), ['COURSE_ENDED']);
    assert.equal(decision.reverseAuthorization, true);
    assert.equal(dispenseOn(facts, 'auth-rx-1', '2025-03-13').allowed, true, 'the day before the last dose the course was still running');
  });

  test('R-MON-1: a new dispense 7 days before the previous supply ends is quiet; 8 days before → EARLY_DISPENSE warning', () => {
    // 30-day supply dispensed 2025-03-10 lasts through 2025-04-08.
    const builder = givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' })
      .monthlyVisit('2025-03-10', { prescription: 'rx-1' })
      .filled('rx-1', '2025-03-10')
      .monthlyVisit('2025-03-31', { prescription: 'rx-2' })
      .authorization({ prescriptionId: 'rx-2', requestedOn: '2025-03-31', doNotDispenseAfter: '2025-04-29' });
    const facts = builder.facts();
    const sevenBefore = dispenseOn(facts, 'auth-rx-2', '2025-04-01');
    assert.equal(sevenBefore.allowed, true);
    assert.deepEqual(sevenBefore.warnings, []);
    const eightBefore = dispenseOn(facts, 'auth-rx-2', '2025-03-31');
    assert.equal(eightBefore.allowed, true);
    assert.deepEqual(codes(eightBefore.warnings), ['EARLY_DISPENSE']);
  });
});
