import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clinicalReview } from '../../domain/clinicalReview.js';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { givenClinical } from '../../../test/support/clinicalFacts.js';
import { pcgpReadyForFirstFill } from '../../../test/support/patientFacts.js';
import { carePlanResource } from './carePlan.js';

const PATIENT = '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11';

test('the course is a CarePlan whose contained Goal is the cumulative dose target, with the projected date and the progress', () => {
  const facts = pcgpReadyForFirstFill('2025-03-01').filled('rx-1', '2025-03-02').facts();
  const clinical = givenClinical().weight('2025-02-01', 60).facts();
  const review = clinicalReview(facts, clinical, '2025-03-20');
  const plan = carePlanResource({
    patientId: PATIENT,
    startedOn: '2025-01-30',
    ended: null,
    review,
    latestPrescription: { product: 'isotretinoinGeneric', strengthMg: 40, capsulesPerDay: 1 },
  });
  assertValidFhir(plan);
  assert.equal(plan.status, 'active');
  assert.equal(plan.goal?.[0]?.reference, '#cumulative-dose');
  const goal = plan.contained?.[0];
  assert.equal(goal?.resourceType, 'Goal');
  const target = goal.target?.[0];
  assert.equal(target?.detailQuantity?.code, 'mg/kg');
  assert.equal(target.detailQuantity.value, review.cumulative?.targetMgPerKg);
  assert.equal(target.dueDate, review.cumulative?.projectedTargetDate ?? undefined);
  assert.match(plan.note?.[0]?.text ?? '', /mg\/kg of \d+ mg\/kg/);
  assert.equal(plan.activity?.[0]?.detail?.status, 'in-progress');
});

test('an ended course is completed, and a course before its first dose is not started', () => {
  const facts = pcgpReadyForFirstFill('2025-03-01').facts();
  const review = clinicalReview(facts, givenClinical().facts(), '2025-03-05');
  const notStarted = carePlanResource({ patientId: PATIENT, startedOn: '2025-01-30', ended: null, review, latestPrescription: null });
  assertValidFhir(notStarted);
  assert.equal(notStarted.activity?.[0]?.detail?.status, 'not-started');
  const ended = carePlanResource({
    patientId: PATIENT,
    startedOn: '2025-01-30',
    ended: { lastDoseOn: '2025-08-01', reason: 'targetReached', recordedAt: '2025-08-01T12:00:00Z' },
    review,
    latestPrescription: null,
  });
  assertValidFhir(ended);
  assert.equal(ended.status, 'completed');
  assert.equal(ended.period?.end, '2025-08-01');
});
