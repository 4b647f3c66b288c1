import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from './dates.js';
import { normalizeProgramId, prescriptionVerdict } from './pharmacyVerdict.js';
import { CONFIG, codes, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

const ON = '2025-03-10';
const here = { asOf: ON, pharmacyCertified: true, heldHere: () => true };

describe('the pharmacy verdict on a prescription (issue 10)', () => {
  test('an identifier as typed or read aloud: spaces, dashes and lower case are not part of it', () => {
    assert.equal(normalizeProgramId(' ab3-de4 fg7h\t'), 'AB3DE4FG7H');
    assert.equal(normalizeProgramId('AB3DE4FG7H'), 'AB3DE4FG7H');
  });

  test('ready: can be authorized now, until the window closes (the engine’s date)', () => {
    const facts = pcgpReadyForFirstFill(ON).facts();
    assert.deepEqual(prescriptionVerdict(facts, 'rx-1', here, CONFIG), { kind: 'ready', until: addDays(ON, 6), warnings: [] });
  });

  test('waiting: the engine’s reasons; no date when something must be done first', () => {
    const facts = pcgpReadyForFirstFill(ON).facts();
    facts.comprehensionChecks = [];
    const verdict = prescriptionVerdict(facts, 'rx-1', here, CONFIG);
    assert.equal(verdict.kind, 'waiting');
    assert.ok(codes(verdict.reasons).includes('COMPREHENSION_PENDING'));
    assert.equal(verdict.from, null);
  });

  test('authorized here, held elsewhere, and dispensed with what the next fill needs from the day after', () => {
    const builder = pcgpReadyForFirstFill(ON).authorization({ prescriptionId: 'rx-1', requestedOn: ON, doNotDispenseAfter: addDays(ON, 6) });
    const authorized = builder.facts();
    assert.equal(prescriptionVerdict(authorized, 'rx-1', here, CONFIG).kind, 'authorized');
    assert.equal(prescriptionVerdict(authorized, 'rx-1', { ...here, heldHere: () => false }, CONFIG).kind, 'heldElsewhere');
    const dispensed = builder.dispensed('auth-rx-1', ON).facts();
    const verdict = prescriptionVerdict(dispensed, 'rx-1', here, CONFIG);
    assert.equal(verdict.kind, 'dispensed');
    assert.equal(verdict.next.from, addDays(ON, 1));
    assert.ok(codes(verdict.next.needs).includes('PRESCRIPTION_PENDING'));
    assert.ok(codes(verdict.next.needs).includes('MONTHLY_TEST_PENDING'));
  });
});
