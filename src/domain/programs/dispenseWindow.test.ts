import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { authorizeFill } from '../authorizeFill.js';
import { addDays } from '../dates.js';
import { DEFAULT_PROGRAM_CONFIG } from '../ruleSets.js';
import { pcgpReadyForFirstFill } from '../../../test/support/patientFacts.js';
import { aProgramPatient, inJurisdiction, reasonCodes } from '../../../test/support/programFacts.js';
import { dispenseWindow, windowLastDay, windowRuleOf } from './dispenseWindow.js';
import { parametersInForce } from './parameters.js';
import { decideProgramDispense } from './programDecisions.js';

describe('the dispensing window (programs.md §1 item 10)', () => {
  test('US parameters give the US window: specimen, 7 days, the specimen date is day 1 (D-2)', () => {
    assert.deepEqual(windowRuleOf(parametersInForce('REMS-2021', '2025-03-10', [])), { anchor: 'specimen', days: 7, counting: 'anchorIsDay1' });
    assert.deepEqual(windowRuleOf(parametersInForce('REMS-2026', '2026-09-01', [])), { anchor: 'specimen', days: 7, counting: 'anchorIsDay1' });
    assert.deepEqual(windowRuleOf(parametersInForce('EU-PPP-2018', '2026-03-02', [])), { anchor: 'prescription', days: 7, counting: 'anchorIsDay0' });
    assert.deepEqual(windowRuleOf(parametersInForce('AU', '2026-03-02', [])), { anchor: 'none' });
  });

  test("for the US parameters the window's last day is the US engine's do-not-dispense-after date, for any confirmation date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), (offset) => {
        const confirmationOn = addDays('2024-01-01', offset);
        const facts = pcgpReadyForFirstFill(confirmationOn).facts();
        const us = authorizeFill(facts, { prescriptionId: 'rx-1', requestedOn: confirmationOn, pharmacyCertified: true }, DEFAULT_PROGRAM_CONFIG);
        assert.equal(us.kind, 'authorized', confirmationOn);
        const ruleSet = confirmationOn < DEFAULT_PROGRAM_CONFIG.rems2026EffectiveDate ? 'REMS-2021' : 'REMS-2026';
        const rule = windowRuleOf(parametersInForce(ruleSet, confirmationOn, []));
        assert.ok(rule.anchor !== 'none');
        assert.equal(windowLastDay(rule, confirmationOn), us.doNotDispenseAfter);
        const window = dispenseWindow(rule, { specimenDate: confirmationOn, writtenOn: confirmationOn, certifiedOn: null }, true);
        assert.equal(window.kind === 'open' && window.lastDay, us.doNotDispenseAfter);
      }),
      { numRuns: 60 },
    );
  });

  test("anchorIsDay0: the last day is the anchor + N (P-D1); an organization's DISPENSE_MAX_DAYS applies from its day", () => {
    const rule = { anchor: 'prescription' as const, days: 7, counting: 'anchorIsDay0' as const };
    assert.equal(windowLastDay(rule, '2026-02-26'), '2026-03-05');
    const patient = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-02');
    const settings = [{ key: 'DISPENSE_MAX_DAYS' as const, value: 5, effectiveFrom: '2026-03-01', source: 'National circular' }];
    const on = (day: string) => decideProgramDispense(patient.facts(), { prescriptionId: 'rx-1', dispensedOn: day }, inJurisdiction('EU', settings));
    assert.equal(on('2026-03-07').lastDayToDispense, '2026-03-07');
    assert.deepEqual(reasonCodes(on('2026-03-07').decision.reasons), []);
    assert.deepEqual(reasonCodes(on('2026-03-08').decision.reasons), ['DISPENSE_WINDOW_CLOSED']);
  });
});
