import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clinicalPrescriptionReasons, clinicalReview, dispensedSupplies, type ClinicalFacts } from './clinicalReview.js';
import type { IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import { CALM_PHQ9, ITEM9_PHQ9, givenClinical, noClinicalFacts, triglycerides } from '../../test/support/clinicalFacts.js';
import { codes, givenPatient, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

/** PCGP, first supply (40 mg × 1, 30 days) dispensed on 2025-03-10. */
const onTreatment = (): PatientFacts => pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').facts();
/** PCGP, window open from 2025-03-10, nothing dispensed yet. */
const beforeFirstDose = (): PatientFacts => pcgpReadyForFirstFill('2025-03-10').facts();

const keys = (alerts: readonly { key: string }[]): string[] => alerts.map((item) => item.key);

describe('clinical review: alert keys name the fact that raised them', () => {
  test('phq9:<id>:<code>, lab:<id>:<code>, symptoms:<id>:<code>, history:<code>; each dated by its fact', () => {
    const clinical = givenClinical()
      .phq9('q-1', '2025-03-12', ITEM9_PHQ9)
      .phq9('q-2', '2025-03-14', [2, 2, 2, 2, 2, 2, 2, 1, 0])
      .lab('l-1', triglycerides('2025-03-13', 900))
      .symptoms('s-1', '2025-03-15', [{ symptom: 'severeAbdominalPain', severity: 'severe' }])
      .riskFlag('depressionHistory')
      .facts();
    const review = clinicalReview(onTreatment(), clinical, '2025-03-16');
    const byKey = new Map(review.alerts.map((item) => [item.key, item]));
    assert.deepEqual([...byKey.keys()].sort(), [
      'history:CLOSER_MOOD_FOLLOW_UP',
      'lab:l-1:TRIGLYCERIDES_STOP',
      'phq9:q-1:SUICIDAL_IDEATION',
      'phq9:q-2:MOOD_REVIEW_REQUIRED',
      'symptoms:s-1:SUSPECT_PANCREATITIS',
    ]);
    assert.deepEqual(review.alerts.map((item) => [item.key, item.source, item.raisedOn, item.severity]).sort(), [
      ['history:CLOSER_MOOD_FOLLOW_UP', 'history', '2025-03-16', 'warning'],
      ['lab:l-1:TRIGLYCERIDES_STOP', 'lab', '2025-03-13', 'urgent'],
      ['phq9:q-1:SUICIDAL_IDEATION', 'phq9', '2025-03-12', 'urgent'],
      ['phq9:q-2:MOOD_REVIEW_REQUIRED', 'phq9', '2025-03-14', 'urgent'],
      ['symptoms:s-1:SUSPECT_PANCREATITIS', 'symptoms', '2025-03-15', 'urgent'],
    ]);
    assert.deepEqual(
      review.moodHistory,
      [
        { answeredOn: '2025-03-12', total: 1, band: 'minimal', item9: 1 },
        { answeredOn: '2025-03-14', total: 15, band: 'moderatelySevere', item9: 0 },
      ],
      'every PHQ-9 to date, oldest first',
    );
    assert.equal(byKey.get('lab:l-1:TRIGLYCERIDES_STOP')?.acknowledgeBy, 'today');
    assert.equal(review.alerts.at(-1)?.severity, 'warning', 'most urgent first');
    assert.deepEqual(review.openAlerts, review.alerts, 'nothing acknowledged: every alert is open');
  });

  test('a questionnaire, lab or symptom log dated after today is not part of the review yet', () => {
    const clinical = givenClinical()
      .phq9('q-late', '2025-03-17', ITEM9_PHQ9)
      .lab('l-late', triglycerides('2025-03-17', 900))
      .symptoms('s-late', '2025-03-17', [{ symptom: 'jaundice', severity: 'mild' }])
      .facts();
    const review = clinicalReview(onTreatment(), clinical, '2025-03-16');
    assert.deepEqual(review.alerts, []);
    assert.deepEqual(review.labs, []);
    assert.equal(review.latestMood, null);
    assert.deepEqual(review.moodHistory, []);
    assert.deepEqual(keys(clinicalReview(onTreatment(), clinical, '2025-03-17').alerts).sort(), [
      'lab:l-late:TRIGLYCERIDES_STOP',
      'phq9:q-late:SUICIDAL_IDEATION',
      'symptoms:s-late:SUSPECT_HEPATITIS',
    ]);
  });

  test('the same PHQ-9 answers under two ids raise two alerts: one per fact', () => {
    const clinical = givenClinical().phq9('a', '2025-03-12', ITEM9_PHQ9).phq9('b', '2025-03-13', ITEM9_PHQ9).facts();
    assert.deepEqual(keys(clinicalReview(onTreatment(), clinical, '2025-03-13').alerts).sort(), ['phq9:a:SUICIDAL_IDEATION', 'phq9:b:SUICIDAL_IDEATION']);
  });
});

describe('clinical review: acknowledgements', () => {
  const clinical = (acknowledged: string[]): ClinicalFacts => {
    const builder = givenClinical().phq9('q-1', '2025-03-12', ITEM9_PHQ9).riskFlag('familyPsychiatricHistory');
    for (const key of acknowledged) {
      builder.acknowledged(key, 'Called the patient; safety plan made.', '2025-03-12T15:00:00.000Z');
    }
    return builder.facts();
  };

  test('an acknowledged alert leaves openAlerts but stays in alerts, with the note and when', () => {
    const review = clinicalReview(onTreatment(), clinical(['phq9:q-1:SUICIDAL_IDEATION']), '2025-03-13');
    assert.deepEqual(keys(review.alerts), ['phq9:q-1:SUICIDAL_IDEATION', 'history:CLOSER_MOOD_FOLLOW_UP']);
    assert.deepEqual(keys(review.openAlerts), ['history:CLOSER_MOOD_FOLLOW_UP']);
    assert.deepEqual(review.alerts[0]?.acknowledgement, { note: 'Called the patient; safety plan made.', at: '2025-03-12T15:00:00.000Z' });
    assert.equal(review.alerts[1]?.acknowledgement, null);
  });

  test('an acknowledgement attaches to its key only: another key (or one no alert has) changes nothing', () => {
    const unrelated = clinicalReview(onTreatment(), clinical(['phq9:q-2:SUICIDAL_IDEATION', 'lab:q-1:SUICIDAL_IDEATION']), '2025-03-13');
    assert.deepEqual(keys(unrelated.openAlerts), ['phq9:q-1:SUICIDAL_IDEATION', 'history:CLOSER_MOOD_FOLLOW_UP']);
    const both = clinicalReview(onTreatment(), clinical(['phq9:q-1:SUICIDAL_IDEATION', 'history:CLOSER_MOOD_FOLLOW_UP']), '2025-03-13');
    assert.deepEqual(both.openAlerts, []);
    assert.equal(both.alerts.length, 2);
  });
});

describe('clinical review: baseline or on-treatment lab (§4.2)', () => {
  const labOn = (collectedOn: IsoDate, valueMgDl: number) =>
    clinicalReview(onTreatment(), givenClinical().lab('tg', triglycerides(collectedOn, valueMgDl)).facts(), '2025-03-20');

  test('triglycerides 600 collected on the day of the first dispense: baseline (drawn before the first capsule), do not start without an override', () => {
    const review = labOn('2025-03-10', 600);
    const [lab] = review.labs;
    assert.equal(review.firstDoseOn, '2025-03-10');
    assert.equal(lab?.classification.band, 'act');
    assert.deepEqual(codes(lab.classification.reasons), ['BASELINE_TRIGLYCERIDES_DO_NOT_START']);
    assert.deepEqual(lab.classification.flags, ['PRESCRIBER_OVERRIDE_REQUIRED']);
    assert.deepEqual(keys(review.alerts), ['lab:tg:BASELINE_TRIGLYCERIDES_DO_NOT_START']);
    assert.equal(review.alerts[0]?.severity, 'warning');
  });

  test('the same value collected the day after the first dispense: on treatment, the act band', () => {
    const review = labOn('2025-03-11', 600);
    assert.deepEqual(codes(review.labs[0]?.classification.reasons ?? []), ['TRIGLYCERIDES_ACT']);
    assert.deepEqual(review.labs[0]?.classification.flags, []);
    assert.deepEqual(keys(review.alerts), ['lab:tg:TRIGLYCERIDES_ACT']);
  });

  test('180 mg/dL: normal as a baseline (watch from 200), watch on treatment (from 150) — no alert either way', () => {
    assert.equal(labOn('2025-03-10', 180).labs[0]?.classification.band, 'normal');
    assert.equal(labOn('2025-03-11', 180).labs[0]?.classification.band, 'watch');
    assert.deepEqual(labOn('2025-03-11', 180).alerts, []);
  });

  test('before any dispense every result is a baseline; a dispense dated after today does not start the course', () => {
    const notYet = clinicalReview(beforeFirstDose(), givenClinical().lab('tg', triglycerides('2025-03-12', 600)).facts(), '2025-03-12');
    assert.equal(notYet.firstDoseOn, null);
    assert.deepEqual(codes(notYet.labs[0]?.classification.reasons ?? []), ['BASELINE_TRIGLYCERIDES_DO_NOT_START']);
    const dispensedLater = pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-14').facts();
    assert.equal(clinicalReview(dispensedLater, noClinicalFacts(), '2025-03-13').firstDoseOn, null);
    assert.equal(clinicalReview(dispensedLater, noClinicalFacts(), '2025-03-14').firstDoseOn, '2025-03-14');
  });
});

describe('clinical review: supplies come from dispenses', () => {
  test('each dispense supplies strength × capsules per day for its days; undispensed authorizations supply nothing', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .prescription({ id: 'rx-big', writtenOn: '2025-03-10', strengthMg: 40, capsulesPerDay: 2 })
      .filled('rx-big', '2025-03-10')
      .prescription({ id: 'rx-small', writtenOn: '2025-04-08', strengthMg: 30, capsulesPerDay: 1, daysSupply: 20 })
      .filled('rx-small', '2025-04-09')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-05-01', doNotDispenseAfter: '2025-05-07' })
      .facts();
    assert.deepEqual(dispensedSupplies(facts), [
      { from: '2025-03-10', days: 30, dailyMg: 80 },
      { from: '2025-04-09', days: 20, dailyMg: 30 },
    ]);
  });

  test('dispenses are taken in date order, whatever order they were recorded in', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .prescription({ id: 'rx-late', writtenOn: '2025-04-08', strengthMg: 20 })
      .filled('rx-late', '2025-04-09')
      .filled('rx-1', '2025-03-10')
      .facts();
    assert.deepEqual(
      dispensedSupplies(facts).map((supply) => [supply.from, supply.dailyMg]),
      [
        ['2025-03-10', 40],
        ['2025-04-09', 20],
      ],
    );
  });

  test('the cumulative dose counts the dispensed daily dose up to today, less the missed days', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .prescription({ id: 'rx-big', writtenOn: '2025-03-10', strengthMg: 40, capsulesPerDay: 2 })
      .filled('rx-big', '2025-03-10')
      .facts();
    const clinical = givenClinical().weight('2025-03-01', 80).missed('2025-03-12').facts();
    const review = clinicalReview(facts, clinical, '2025-03-19');
    assert.equal(review.product, 'isotretinoinGeneric');
    assert.equal(review.cumulative?.daysOfTherapy, 9);
    assert.equal(review.cumulative.asDispensed.cumulativeMg, 9 * 80);
    assert.equal(review.cumulative.asDispensed.cumulativeMgPerKg, 9);
    assert.equal(review.cumulative.currentDailyMg, 80);
  });

  test('no weight recorded: no cumulative figures (nothing to divide by)', () => {
    assert.equal(clinicalReview(onTreatment(), noClinicalFacts(), '2025-03-19').cumulative, null);
  });
});

describe('clinical review: medications and interactions (§5)', () => {
  const interactionsOn = (today: IsoDate, dates: { startedOn?: IsoDate | null; stoppedOn?: IsoDate | null }) =>
    clinicalReview(beforeFirstDose(), givenClinical().medication('m-1', 'Doxycycline 100 mg', dates).facts(), today).interactions;

  test('a tetracycline taken now blocks; one with no dates at all is taken as current', () => {
    assert.deepEqual(codes(interactionsOn('2025-03-12', { startedOn: '2025-02-01' }).blocks), ['INTERACTION_TETRACYCLINE']);
    assert.deepEqual(codes(interactionsOn('2025-03-12', {}).blocks), ['INTERACTION_TETRACYCLINE']);
  });

  test('stopped the day before today or today: no longer interacts; stopping tomorrow: still does today', () => {
    assert.deepEqual(interactionsOn('2025-03-12', { startedOn: '2025-02-01', stoppedOn: '2025-03-11' }).blocks, []);
    // The day it was stopped is not a day it was taken (active while today < stoppedOn).
    assert.deepEqual(interactionsOn('2025-03-12', { startedOn: '2025-02-01', stoppedOn: '2025-03-12' }).blocks, []);
    assert.deepEqual(codes(interactionsOn('2025-03-12', { startedOn: '2025-02-01', stoppedOn: '2025-03-13' }).blocks), ['INTERACTION_TETRACYCLINE']);
    assert.equal(interactionsOn('2025-03-12', { startedOn: '2025-02-01', stoppedOn: '2025-03-12' }).allowed, true);
  });

  test('started after today: not taken yet', () => {
    assert.deepEqual(interactionsOn('2025-03-12', { startedOn: '2025-03-13' }).blocks, []);
    assert.deepEqual(codes(interactionsOn('2025-03-13', { startedOn: '2025-03-13' }).blocks), ['INTERACTION_TETRACYCLINE']);
  });

  test("an override with a reason lifts a block that allows one; an empty reason does not; an oral retinoid's block cannot be lifted", () => {
    const review = (overrides: [string, string][], medication = 'minocycline') => {
      const builder = givenClinical().medication('m-1', medication);
      for (const [code, why] of overrides) {
        builder.override(code, why);
      }
      return clinicalReview(beforeFirstDose(), builder.facts(), '2025-03-12');
    };
    const lifted = review([['INTERACTION_TETRACYCLINE', '  Neurologist cleared; stopped in 2 days  ']]);
    assert.deepEqual(lifted.interactions.blocks, []);
    assert.equal(lifted.interactions.allowed, true);
    assert.deepEqual(lifted.interactions.overridden, [{ code: 'INTERACTION_TETRACYCLINE', reason: 'Neurologist cleared; stopped in 2 days' }]);
    assert.deepEqual(clinicalPrescriptionReasons(lifted), []);

    assert.deepEqual(codes(review([['INTERACTION_TETRACYCLINE', '   ']]).interactions.blocks), ['INTERACTION_TETRACYCLINE']);
    assert.deepEqual(codes(review([['INTERACTION_OTHER', 'Wrong code']]).interactions.blocks), ['INTERACTION_TETRACYCLINE']);
    const retinoid = review([['INTERACTION_ORAL_RETINOID', 'Prescriber decision']], 'acitretin 25 mg');
    assert.deepEqual(codes(retinoid.interactions.blocks), ['INTERACTION_ORAL_RETINOID']);
    assert.deepEqual(retinoid.interactions.overridden, []);
  });

  test('the category and the latest contraception declaration decide the enzyme-inducer warning', () => {
    const withInducer = givenClinical().medication('m-1', "St John's wort").facts();
    assert.deepEqual(codes(clinicalReview(beforeFirstDose(), withInducer, '2025-03-12').interactions.warnings), ['HORMONAL_METHOD_MAY_FAIL']);
    const pcngp = givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' }).facts();
    assert.deepEqual(clinicalReview(pcngp, withInducer, '2025-03-12').interactions.warnings, []);
  });
});

describe('clinicalPrescriptionReasons: what stands against a new prescription', () => {
  test('nothing recorded: nothing', () => {
    assert.deepEqual(clinicalPrescriptionReasons(clinicalReview(onTreatment(), noClinicalFacts(), '2025-03-12')), []);
  });

  test('blocks, then each unacknowledged urgent alert; warnings and acknowledged alerts are not reasons', () => {
    const clinical = givenClinical()
      .medication('m-1', 'doxycycline')
      .medication('m-2', 'acitretin')
      .phq9('q-1', '2025-03-11', ITEM9_PHQ9)
      .phq9('q-2', '2025-03-12', CALM_PHQ9)
      .symptoms('s-1', '2025-03-12', [{ symptom: 'tinnitus', severity: 'mild' }])
      .lab('l-1', triglycerides('2025-03-12', 600))
      .riskFlag('psychosisHistory')
      .acknowledged('symptoms:s-1:SUSPECT_HEARING_IMPAIRMENT', 'ENT referral booked')
      .facts();
    const review = clinicalReview(onTreatment(), clinical, '2025-03-12');
    const reasons = clinicalPrescriptionReasons(review);
    assert.deepEqual(codes(reasons), ['INTERACTION_TETRACYCLINE', 'INTERACTION_ORAL_RETINOID', 'ALERT_NOT_ACKNOWLEDGED']);
    const [tetracycline, retinoid, unacknowledged] = reasons;
    assert.match(tetracycline?.action ?? '', /override/);
    assert.doesNotMatch(retinoid?.action ?? '', /record an override/i);
    assert.equal(unacknowledged?.rule, 'R-MOOD-1');
    assert.match(unacknowledged.message, /SUICIDAL_IDEATION of 2025-03-11, not yet acknowledged/);
    assert.match(unacknowledged.action, /acknowledge the alert with a note\.$/);
    // Still open, but warnings: TRIGLYCERIDES_ACT (on treatment) and CLOSER_MOOD_FOLLOW_UP.
    assert.deepEqual(keys(review.openAlerts).sort(), ['history:CLOSER_MOOD_FOLLOW_UP', 'lab:l-1:TRIGLYCERIDES_ACT', 'phq9:q-1:SUICIDAL_IDEATION']);
  });

  test('BASELINE_TRIGLYCERIDES_DO_NOT_START is a reason although only a warning, until acknowledged', () => {
    const clinical = givenClinical().lab('tg', triglycerides('2025-03-09', 520));
    const open = clinicalPrescriptionReasons(clinicalReview(beforeFirstDose(), clinical.facts(), '2025-03-10'));
    assert.deepEqual(codes(open), ['ALERT_NOT_ACKNOWLEDGED']);
    assert.match(open[0]?.message ?? '', /BASELINE_TRIGLYCERIDES_DO_NOT_START of 2025-03-09/);
    assert.doesNotMatch(open[0]?.action ?? '', /with a note/, 'a warning is acknowledged without a note');
    const acknowledged = clinical.acknowledged('lab:tg:BASELINE_TRIGLYCERIDES_DO_NOT_START', 'Start at 10 mg; repeat in 2 weeks').facts();
    assert.deepEqual(clinicalPrescriptionReasons(clinicalReview(beforeFirstDose(), acknowledged, '2025-03-10')), []);
  });

  test('an urgent lab, symptom or mood alert each counts once acknowledged no longer', () => {
    const clinical = givenClinical()
      .lab('l-1', triglycerides('2025-03-12', 1200))
      .symptoms('s-1', '2025-03-12', [{ symptom: 'jaundice', severity: 'mild' }])
      .phq9('q-1', '2025-03-12', [3, 3, 3, 3, 3, 0, 0, 0, 0]);
    const before = clinicalPrescriptionReasons(clinicalReview(onTreatment(), clinical.facts(), '2025-03-12'));
    assert.equal(before.length, 3);
    assert.ok(before.every((reason) => reason.code === 'ALERT_NOT_ACKNOWLEDGED'));
    clinical
      .acknowledged('lab:l-1:TRIGLYCERIDES_STOP', 'Held; repeat ordered')
      .acknowledged('symptoms:s-1:SUSPECT_HEPATITIS', 'Seen today')
      .acknowledged('phq9:q-1:MOOD_REVIEW_REQUIRED', 'Reviewed');
    assert.deepEqual(clinicalPrescriptionReasons(clinicalReview(onTreatment(), clinical.facts(), '2025-03-12')), []);
  });
});
