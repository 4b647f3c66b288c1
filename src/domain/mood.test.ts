import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CRISIS_RESOURCES, acknowledgeAlert, assessPhq9, phq9Band, phq9InputProblems, psychiatricHistoryAlerts, scorePhq9, type Phq9Band } from './mood.js';
import type { Alert } from './alerts.js';

/**
 * Nine answers adding up to `total`, with item 9 = `item9`; items 1–8 are filled in order. Without
 * `item9`, item 9 only takes what items 1–8 cannot hold (totals above 24).
 */
function answersFor(total: number, item9?: number): number[] {
  const answers = Array.from({ length: 9 }, () => 0);
  let left = total - (item9 ?? 0);
  for (let index = 0; index < 8 && left > 0; index += 1) {
    const value = Math.min(3, left);
    answers[index] = value;
    left -= value;
  }
  answers[8] = (item9 ?? 0) + (item9 === undefined ? left : 0);
  left = item9 === undefined ? 0 : left;
  if (left !== 0) {
    throw new Error(`cannot build a PHQ-9 of total ${total} with item 9 = ${item9}`);
  }
  return answers;
}

const alertCodes = (alerts: readonly Alert[]) => alerts.map((alert) => alert.code);
const withCode = (alerts: readonly Alert[], code: string): Alert => {
  const found = alerts.find((alert) => alert.code === code);
  assert.ok(found, `expected an alert ${code} among [${alertCodes(alerts).join(', ')}]`);
  return found;
};

describe('PHQ-9 scoring (§4.3)', () => {
  const edges: [number, Phq9Band][] = [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderatelySevere'],
    [19, 'moderatelySevere'],
    [20, 'severe'],
    [27, 'severe'],
  ];
  for (const [total, band] of edges) {
    test(`§4.3 band edge: total ${total} → ${band}`, () => {
      assert.equal(phq9Band(total), band);
      assert.equal(scorePhq9(answersFor(total)).band, band);
    });
  }

  test('§4.3: a total outside 0..27 or not whole has no band', () => {
    for (const total of [-1, 28, 4.5, Number.NaN]) {
      assert.throws(() => phq9Band(total), RangeError, String(total));
    }
  });

  test('§4.3: all zeros score 0, all threes score 27; item 9 is the last answer', () => {
    assert.deepEqual(scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), {
      answers: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      total: 0,
      band: 'minimal',
      item9: 0,
    });
    const full = scorePhq9([3, 3, 3, 3, 3, 3, 3, 3, 3]);
    assert.equal(full.total, 27);
    assert.equal(scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 2]).item9, 2);
  });

  test('property §4.3: the total is the sum of the answers and the band follows the total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }), (answers) => {
        const score = scorePhq9(answers);
        assert.equal(
          score.total,
          answers.reduce((sum, answer) => sum + answer, 0),
        );
        assert.equal(score.band, phq9Band(score.total));
        assert.deepEqual(phq9InputProblems(answers), []);
      }),
    );
  });
});

describe('PHQ-9 input validation', () => {
  test('nine answers 0..3 are valid', () => {
    assert.deepEqual(phq9InputProblems([0, 1, 2, 3, 0, 1, 2, 3, 0]), []);
  });

  test('8 or 10 answers → WRONG_ITEM_COUNT on "answers"', () => {
    for (const answers of [answersFor(0).slice(0, 8), [...answersFor(0), 0]]) {
      assert.deepEqual(
        phq9InputProblems(answers).map((problem) => [problem.field, problem.code]),
        [['answers', 'WRONG_ITEM_COUNT']],
      );
    }
  });

  test('an empty list → WRONG_ITEM_COUNT; not a list → REQUIRED', () => {
    assert.deepEqual(
      phq9InputProblems([]).map((problem) => problem.code),
      ['WRONG_ITEM_COUNT'],
    );
    for (const value of [null, undefined, 'answers', 12, { 0: 1 }]) {
      assert.deepEqual(
        phq9InputProblems(value).map((problem) => [problem.field, problem.code]),
        [['answers', 'REQUIRED']],
      );
    }
  });

  test('each answer out of 0..3 or not an integer → INVALID_ANSWER naming its position', () => {
    const problems = phq9InputProblems([4, -1, 1.5, '2', null, Number.NaN, 0, 0, 3]);
    assert.deepEqual(
      problems.map((problem) => [problem.field, problem.code]),
      [
        ['answers/0', 'INVALID_ANSWER'],
        ['answers/1', 'INVALID_ANSWER'],
        ['answers/2', 'INVALID_ANSWER'],
        ['answers/3', 'INVALID_ANSWER'],
        ['answers/4', 'INVALID_ANSWER'],
        ['answers/5', 'INVALID_ANSWER'],
      ],
    );
    assert.match(problems[0]?.message ?? '', /Answer 1 must be 0, 1, 2 or 3/);
  });

  test('a wrong count and a wrong answer are both reported', () => {
    assert.deepEqual(
      phq9InputProblems([0, 0, 9]).map((problem) => problem.field),
      ['answers', 'answers/2'],
    );
  });

  test('scoring invalid answers throws instead of inventing a total', () => {
    assert.throws(() => scorePhq9([0, 0, 0]), RangeError);
    assert.throws(() => assessPhq9(answersFor(3), [[0, 0, 4, 0, 0, 0, 0, 0, 0]]), RangeError);
  });
});

describe('R-MOOD-1 item 9 (thoughts of death or self-harm)', () => {
  test('T-47 R-MOOD-1: total 6 with item 9 = 1 → urgent SUICIDAL_IDEATION, crisis resources (988) for the patient', () => {
    const answers = answersFor(6, 1);
    const assessment = assessPhq9(answers, [answersFor(6)]);
    assert.equal(assessment.score.total, 6);
    assert.equal(assessment.score.band, 'mild');
    assert.deepEqual(alertCodes(assessment.alerts), ['SUICIDAL_IDEATION']);
    const alert = withCode(assessment.alerts, 'SUICIDAL_IDEATION');
    assert.equal(alert.severity, 'urgent');
    assert.equal(alert.rule, 'R-MOOD-1');
    assert.equal(alert.requiresNote, true);
    assert.equal(alert.acknowledgeBy, 'today');
    assert.match(alert.recommendedAction, /Contact the patient today/);
    assert.equal(alert.patientMessage, CRISIS_RESOURCES);
    assert.match(alert.patientMessage ?? '', /call or text 988/);
    assert.match(alert.patientMessage ?? '', /988 Suicide & Crisis Lifeline/);
  });

  test('T-47 R-MOOD-1: acknowledging it without a note is refused ACKNOWLEDGEMENT_NOTE_REQUIRED', () => {
    const alert = withCode(assessPhq9(answersFor(6, 1)).alerts, 'SUICIDAL_IDEATION');
    for (const note of [null, undefined, '', '   ', '\n\t']) {
      const refused = acknowledgeAlert(alert, note);
      assert.equal(refused.allowed, false, JSON.stringify(note));
      assert.deepEqual(
        refused.reasons.map((reason) => [reason.code, reason.rule]),
        [['ACKNOWLEDGEMENT_NOTE_REQUIRED', 'R-MOOD-1']],
      );
      assert.equal(refused.note, null);
    }
  });

  test('T-47 R-MOOD-1: acknowledging it with a note is accepted and the note is kept trimmed', () => {
    const alert = withCode(assessPhq9(answersFor(6, 1)).alerts, 'SUICIDAL_IDEATION');
    const accepted = acknowledgeAlert(alert, '  Called the patient; safety plan; referred.  ');
    assert.equal(accepted.allowed, true);
    assert.deepEqual(accepted.reasons, []);
    assert.equal(accepted.note, 'Called the patient; safety plan; referred.');
  });

  test('R-MOOD-1: item 9 = 3 with a total of 3 (minimal band) still alerts', () => {
    const assessment = assessPhq9(answersFor(3, 3));
    assert.equal(assessment.score.band, 'minimal');
    assert.deepEqual(alertCodes(assessment.alerts), ['SUICIDAL_IDEATION']);
    assert.match(withCode(assessment.alerts, 'SUICIDAL_IDEATION').message, /item 9.*answered 3 of 3/);
  });

  test('R-MOOD-1: item 9 = 0 never raises SUICIDAL_IDEATION, even at total 24', () => {
    const assessment = assessPhq9(answersFor(24, 0));
    assert.ok(!alertCodes(assessment.alerts).includes('SUICIDAL_IDEATION'));
  });

  test('property R-MOOD-1: SUICIDAL_IDEATION exactly when item 9 > 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }), (answers) => {
        const raised = alertCodes(assessPhq9(answers).alerts).includes('SUICIDAL_IDEATION');
        assert.equal(raised, (answers[8] ?? 0) > 0);
      }),
    );
  });
});

describe('R-MOOD-2 urgent prescriber review', () => {
  test('R-MOOD-2: total 14 in the same band as the previous → no review; total 15 → MOOD_REVIEW_REQUIRED (totalAtLeast15)', () => {
    const earlier = [answersFor(12)];
    const at14 = assessPhq9(answersFor(14), earlier);
    assert.deepEqual(at14.reviewTriggers, []);
    assert.deepEqual(at14.alerts, []);
    const at15 = assessPhq9(answersFor(15), [answersFor(14)]);
    assert.deepEqual(at15.reviewTriggers, ['totalAtLeast15', 'newBandModerateOrWorse']);
    const sameBand = assessPhq9(answersFor(16), [answersFor(15)]);
    assert.deepEqual(sameBand.reviewTriggers, ['totalAtLeast15']);
    const review = withCode(sameBand.alerts, 'MOOD_REVIEW_REQUIRED');
    assert.equal(review.severity, 'urgent');
    assert.equal(review.rule, 'R-MOOD-2');
    assert.equal(review.acknowledgeBy, 'beforeNextAuthorization');
    assert.equal(review.requiresNote, true);
    assert.match(review.message, /total 16 is 15 or more/);
    assert.match(review.recommendedAction, /before the next authorization/);
    assert.match(review.recommendedAction, /not blocked automatically/);
  });

  test('R-MOOD-2: a rise of 4 from baseline → no review; a rise of 5 → riseFromBaseline', () => {
    const baseline = answersFor(0);
    const rise4 = assessPhq9(answersFor(4), [baseline]);
    assert.equal(rise4.changeFromBaseline, 4);
    assert.deepEqual(rise4.alerts, []);
    const rise5 = assessPhq9(answersFor(5), [baseline]);
    assert.equal(rise5.changeFromBaseline, 5);
    assert.deepEqual(rise5.reviewTriggers, ['riseFromBaseline']);
    assert.match(withCode(rise5.alerts, 'MOOD_REVIEW_REQUIRED').message, /rose 5 points from the baseline 0/);
  });

  test('R-MOOD-2: the rise counts from the baseline (first PHQ-9), not from the previous one', () => {
    // Baseline 8, then 11, then 12: +1 on the previous, +4 on the baseline → nothing; 13 → +5 → review.
    const earlier = [answersFor(8), answersFor(11), answersFor(12)];
    assert.deepEqual(assessPhq9(answersFor(12), earlier).reviewTriggers, []);
    const at13 = assessPhq9(answersFor(13), earlier);
    assert.equal(at13.baseline?.total, 8);
    assert.equal(at13.previous?.total, 12);
    assert.deepEqual(at13.reviewTriggers, ['riseFromBaseline']);
  });

  test('R-MOOD-2: a fall from baseline never triggers', () => {
    assert.deepEqual(assessPhq9(answersFor(2), [answersFor(13)]).alerts, []);
  });

  test('R-MOOD-2: new band ≥ moderate compared with the previous (mild 9 → moderate 10) → newBandModerateOrWorse', () => {
    const assessment = assessPhq9(answersFor(10), [answersFor(9)]);
    assert.deepEqual(assessment.reviewTriggers, ['newBandModerateOrWorse']);
    assert.match(withCode(assessment.alerts, 'MOOD_REVIEW_REQUIRED').message, /worsened from mild to moderate/);
  });

  test('R-MOOD-2: a worse band that is still below moderate (minimal 4 → mild 5) does not trigger', () => {
    assert.deepEqual(assessPhq9(answersFor(5), [answersFor(4)]).reviewTriggers, []);
  });

  test('R-MOOD-2: staying moderate, or improving into moderate, is not a new band', () => {
    assert.deepEqual(assessPhq9(answersFor(10), [answersFor(12), answersFor(14)]).reviewTriggers, []);
    assert.deepEqual(assessPhq9(answersFor(12), [answersFor(12), answersFor(16)]).reviewTriggers, []);
  });

  test('R-MOOD-2 [APP]: a baseline already moderate (10) needs review before the first authorization; 9 does not', () => {
    const moderate = assessPhq9(answersFor(10));
    assert.equal(moderate.baseline, null);
    assert.equal(moderate.previous, null);
    assert.equal(moderate.changeFromBaseline, null);
    assert.deepEqual(moderate.reviewTriggers, ['newBandModerateOrWorse']);
    assert.match(withCode(moderate.alerts, 'MOOD_REVIEW_REQUIRED').message, /baseline is already moderate/);
    assert.deepEqual(assessPhq9(answersFor(9)).alerts, []);
  });

  test('R-MOOD-2: all three triggers together are listed in one alert', () => {
    const assessment = assessPhq9(answersFor(20), [answersFor(3), answersFor(12)]);
    assert.deepEqual(assessment.reviewTriggers, ['totalAtLeast15', 'riseFromBaseline', 'newBandModerateOrWorse']);
    assert.deepEqual(alertCodes(assessment.alerts), ['MOOD_REVIEW_REQUIRED']);
  });

  test('R-MOOD-1 + R-MOOD-2: item 9 with a high total raises both, suicidal ideation first', () => {
    assert.deepEqual(alertCodes(assessPhq9(answersFor(18, 2), [answersFor(4)]).alerts), ['SUICIDAL_IDEATION', 'MOOD_REVIEW_REQUIRED']);
  });

  test('R-MOOD-2: acknowledging the review without a note is refused, with one accepted', () => {
    const review = withCode(assessPhq9(answersFor(15), [answersFor(15)]).alerts, 'MOOD_REVIEW_REQUIRED');
    assert.deepEqual(
      acknowledgeAlert(review, ' ').reasons.map((reason) => reason.code),
      ['ACKNOWLEDGEMENT_NOTE_REQUIRED'],
    );
    assert.equal(acknowledgeAlert(review, 'Seen; stable; continue with monthly PHQ-9').allowed, true);
  });
});

describe('R-MOOD-3 psychiatric history at baseline', () => {
  const none = { depression: false, psychosis: false, suicideAttempt: false, familyHistory: false };

  test('R-MOOD-3: no history → no alert', () => {
    assert.deepEqual(psychiatricHistoryAlerts(none), []);
  });

  for (const flag of ['depression', 'psychosis', 'suicideAttempt', 'familyHistory'] as const) {
    test(`R-MOOD-3: ${flag} alone → CLOSER_MOOD_FOLLOW_UP warning`, () => {
      const alerts = psychiatricHistoryAlerts({ ...none, [flag]: true });
      assert.deepEqual(alertCodes(alerts), ['CLOSER_MOOD_FOLLOW_UP']);
      assert.equal(alerts[0]?.severity, 'warning');
      assert.equal(alerts[0].rule, 'R-MOOD-3');
      assert.equal(alerts[0].requiresNote, false);
    });
  }

  test('R-MOOD-3: several flags → one alert naming each', () => {
    const alerts = psychiatricHistoryAlerts({ depression: true, psychosis: false, suicideAttempt: true, familyHistory: true });
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.message, 'Psychiatric history at baseline: depression, a suicide attempt, a family history of psychiatric illness or suicide.');
    assert.match(alerts[0].recommendedAction, /PHQ-9 at every visit/);
  });

  test('R-MOOD-3: the warning can be acknowledged without a note', () => {
    const [alert] = psychiatricHistoryAlerts({ ...none, depression: true });
    assert.ok(alert);
    assert.deepEqual(acknowledgeAlert(alert, ''), { allowed: true, reasons: [], warnings: [], note: null });
  });
});
