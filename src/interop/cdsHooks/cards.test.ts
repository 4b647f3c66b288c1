import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statusAnswer } from '../../services/patients/readPatients.js';
import { CONFIG, givenPatient, pcgpReadyForFirstFill } from '../../../test/support/patientFacts.js';
import { enrollCard, needsReviewCard, uncheckedCard, verdictCards, type CardContext } from './cards.js';

let counter = 0;
const context: CardContext = { webBase: 'https://isocourse.example', newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}` };

describe('CDS cards from the engine verdict', () => {
  test('a newly enrolled PCGP patient: one card per blocking reason, in the words the API returns, with its fix and a link to the panel that records it', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-03-01' }).facts();
    const verdict = statusAnswer('patient-1', facts, '2025-03-10', CONFIG);
    const cards = verdictCards(verdict, context);
    assert.equal(cards.length, verdict.blockers.length);
    assert.ok(cards.length >= 4, `blockers: ${verdict.blockers.map((b) => b.code).join(', ')}`);
    for (const [index, card] of cards.entries()) {
      const reason = verdict.blockers[index] ?? assert.fail('one card per blocker');
      assert.equal(card.summary, reason.message);
      assert.match(card.detail ?? '', new RegExp(`What fixes it:\\*\\* ${reason.action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.ok(card.summary.length <= 140);
      assert.equal(card.links?.[0]?.type, 'absolute');
      assert.ok(card.links[0].url.startsWith('https://isocourse.example/patients/patient-1#'), card.links[0].url);
      assert.ok(card.uuid !== undefined);
      assert.doesNotMatch(card.summary, /R-[A-Z]+-\d/, 'no rule id in the words an EHR user reads first');
    }
    const screening = cards[verdict.blockers.findIndex((b) => b.code === 'SCREENING_TEST_PENDING')];
    assert.equal(screening?.links?.[0]?.url, 'https://isocourse.example/patients/patient-1#action-test');
    const counseling = cards[verdict.blockers.findIndex((b) => b.code === 'COUNSELING_PENDING')];
    assert.equal(counseling?.links?.[0]?.url, 'https://isocourse.example/patients/patient-1#action-counseling');
    assert.equal(new Set(cards.map((card) => card.uuid)).size, cards.length, 'each card its own uuid');
  });

  test("a window open with only the prescription missing: the card says by when (the window's last day)", () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').facts();
    facts.prescriptions = [];
    const verdict = statusAnswer('patient-1', facts, '2025-03-11', CONFIG);
    assert.deepEqual(
      verdict.blockers.map((b) => b.code),
      ['PRESCRIPTION_PENDING'],
    );
    const [card] = verdictCards(verdict, context);
    assert.match(card?.detail ?? '', /\*\*When:\*\* .*Mar 16/);
    assert.equal(card?.links?.[0]?.url, 'https://isocourse.example/patients/patient-1#action-prescription');
  });

  test('nothing blocks: one information card, saying until when', () => {
    const verdict = statusAnswer('patient-1', pcgpReadyForFirstFill('2025-03-10').facts(), '2025-03-11', CONFIG);
    assert.deepEqual(verdict.blockers, []);
    const cards = verdictCards(verdict, context);
    assert.equal(cards.length, 1);
    assert.equal(cards[0]?.indicator, 'info');
    assert.match(cards[0].detail ?? '', /open until Mar 16/);
  });

  test('a pregnancy hold is critical', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').pregnancyReported('2025-03-11').facts();
    const verdict = statusAnswer('patient-1', facts, '2025-03-12', CONFIG);
    const hold = verdictCards(verdict, context).find((card) => card.summary.includes('pregnancy'));
    assert.equal(hold?.indicator, 'critical');
  });

  test('not enrolled: a suggestion to enroll, the enrollment page linked, a Task for the EHR, and no name or birth date in any URL', () => {
    const card = enrollCard({ ehrPatientId: 'pat017', name: 'Jon Stark Snow', birthDate: '1996-06-01' }, context);
    assert.equal(card.links?.[0]?.url, 'https://isocourse.example/patients/new');
    assert.match(card.detail ?? '', /Jon Stark Snow, born 1996-06-01/);
    assert.equal(card.suggestions?.[0]?.actions?.[0]?.type, 'create');
    assert.equal((card.suggestions[0].actions[0].resource as { for: { reference: string } }).for.reference, 'Patient/pat017');
    assert.doesNotMatch(JSON.stringify(card.links), /Snow|1996/);
  });

  test('identity that needs review: an information card without any link to a record', () => {
    const card = needsReviewCard(context);
    assert.equal(card.indicator, 'info');
    assert.equal(card.links, undefined);
    assert.match(card.detail ?? '', /worklist/);
  });

  test('something could not be checked: a warning that says so and why', () => {
    const card = uncheckedCard("the EHR's patient record could not be read", 'The EHR did not answer in time.', context);
    assert.equal(card.indicator, 'warning');
    assert.match(card.summary, /not checked/);
    assert.match(card.detail ?? '', /did not answer in time.*not checked/s);
  });
});
