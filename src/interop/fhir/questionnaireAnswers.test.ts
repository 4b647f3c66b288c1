import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allAffirmed, Answers } from './questionnaireAnswers.js';

test('answers by linkId however deep, typed as the use cases take them; a wrong type is a problem, never coerced', () => {
  const answers = new Answers([
    { linkId: '1', item: [{ linkId: '1.2', item: [{ linkId: '1.2.1', answer: [{ valueBoolean: false }] }] }] },
    {
      linkId: '5',
      item: [
        { linkId: '5.1', answer: [{ valueString: ' Jon ' }] },
        { linkId: '5.11', answer: [{ valueDate: '1996-06-01' }] },
      ],
    },
    {
      linkId: '6',
      item: [
        { linkId: '6.2', answer: [{ valueBoolean: true }] },
        { linkId: '6.3', answer: [{ valueBoolean: true }] },
      ],
    },
    { linkId: 'methods', answer: [{ valueCoding: { code: 'iudCopper' } }, { valueCoding: { code: 'maleCondom' } }] },
    { linkId: 'bad', answer: [{ valueString: 'yes' }] },
  ]);
  assert.equal(answers.boolean('1.2.1'), false);
  assert.equal(answers.string('5.1'), 'Jon');
  assert.equal(answers.date('5.11'), '1996-06-01');
  assert.deepEqual(answers.choices('methods'), ['iudCopper', 'maleCondom']);
  assert.equal(answers.boolean('missing'), undefined);
  assert.ok(allAffirmed(answers.booleansUnder('6')));
  assert.ok(!allAffirmed(answers.booleansUnder('7')), 'no statement is not a signature');
  assert.equal(answers.problems.length, 0);
  assert.equal(answers.boolean('bad'), undefined);
  assert.match(answers.problems[0]?.text ?? '', /bad must be a boolean/);
});
