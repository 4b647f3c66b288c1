// The patient's answers as FHIR QuestionnaireResponses: each PHQ-9 (the nine item scores and the
// total, against LOINC's PHQ-9 form), and each comprehension check's outcome (passed or not).
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import type { ComprehensionCheck } from '../../domain/facts.js';
import { scorePhq9 } from '../../domain/mood.js';
import { instant, patientReference } from './references.js';
import { COMPREHENSION_QUESTIONNAIRE, PHQ9_QUESTIONNAIRE } from './systems.js';

export const QUESTIONNAIRE_RESPONSE_ID_PREFIXES = ['phq9', 'comprehension'] as const;

const PHQ9_ITEMS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself - or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed; or the opposite - being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead, or of hurting yourself in some way',
];

export function phq9QuestionnaireResponse(patientId: string, phq9: { id: string; answeredOn: string; answers: number[] }): QuestionnaireResponse {
  const score = scorePhq9(phq9.answers);
  return {
    resourceType: 'QuestionnaireResponse',
    id: `phq9-${phq9.id}`,
    questionnaire: PHQ9_QUESTIONNAIRE,
    status: 'completed',
    subject: patientReference(patientId),
    source: patientReference(patientId),
    authored: phq9.answeredOn,
    item: [
      ...score.answers.map((answer, index) => ({
        linkId: String(index + 1),
        text: `Over the last 2 weeks: ${PHQ9_ITEMS[index] ?? `item ${index + 1}`}`,
        answer: [{ valueInteger: answer }],
      })),
      { linkId: 'total', text: 'PHQ-9 total score', answer: [{ valueInteger: score.total }] },
    ],
  };
}

export function comprehensionQuestionnaireResponse(patientId: string, check: ComprehensionCheck & { id: string }): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: `comprehension-${check.id}`,
    questionnaire: COMPREHENSION_QUESTIONNAIRE,
    status: 'completed',
    subject: patientReference(patientId),
    source: patientReference(patientId),
    authored: check.answeredOn,
    meta: { lastUpdated: instant(check.recordedAt) },
    item: [
      {
        linkId: 'passed',
        text: "The patient answered the program's comprehension questions correctly",
        answer: [{ valueBoolean: check.passed }],
      },
    ],
  };
}
