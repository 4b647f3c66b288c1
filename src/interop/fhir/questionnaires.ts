// The questionnaires isocourse serves to an EHR's SMART app (issue 11 item 4c, the US Medication
// REMS IG's $questionnaire-package): the patient enrollment form and the items a patient or
// prescriber completes each month. Each item maps onto one field of an existing use case
// (submitResponse.ts), nothing more is asked. The enrollment form keeps the ids and linkIds the
// reference REMS administrator uses (IPledgeRemsPatientEnrollment, IPledgeRemsPrescriberEnrollmentForm),
// so a response its SMART app builds is read unchanged; the wording is isocourse's own.
import type { Coding, Questionnaire, QuestionnaireItem, QuestionnaireItemEnableWhen } from '@medplum/fhirtypes';
import { CONTRACEPTION_METHODS, type ContraceptionMethod } from '../../domain/facts.js';

export const QUESTIONNAIRE_BASE = 'https://isocourse.dev/fhir/Questionnaire';
export const ISOCOURSE_CODES = 'https://isocourse.dev/fhir/CodeSystem';
export const SNOMED = 'http://snomed.info/sct';

/** The in-office pregnancy test's answers, as the reference form codes them. */
export const PREGNANCY_POSITIVE: Coding = { system: SNOMED, code: '77386006', display: 'Pregnant' };
export const PREGNANCY_NEGATIVE: Coding = { system: SNOMED, code: '60001007', display: 'Not pregnant' };

export const GUARDIAN_ATTESTATION = 'Parent or Guardian Attestation';
export const PATIENT_ATTESTATION = 'Patient Attestation';

export type QuestionnaireId =
  | 'IPledgeRemsPatientEnrollment'
  | 'IPledgeRemsPrescriberEnrollmentForm'
  | 'isocourse-monthly-check'
  | 'isocourse-contraception'
  | 'isocourse-pregnancy-test'
  | 'isocourse-counseling';

const canGetPregnant = (answer: boolean): QuestionnaireItemEnableWhen[] => [{ question: '1.2.1', operator: '=', answerBoolean: answer }];

function item(linkId: string, type: QuestionnaireItem['type'], text: string, more: Partial<QuestionnaireItem> = {}): QuestionnaireItem {
  return { linkId, type, text, ...more };
}

function coded(system: string, codes: readonly string[], display: (code: string) => string): NonNullable<QuestionnaireItem['answerOption']> {
  return codes.map((code) => ({ valueCoding: { system, code, display: display(code) } }));
}

function words(code: string): string {
  const spaced = code.replace(/([A-Z])/g, ' $1').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const PATIENT_ENROLLMENT: QuestionnaireItem[] = [
  item('1', 'group', 'Patient category', {
    item: [item('1.2', 'group', 'Can the patient get pregnant?', { item: [item('1.2.1', 'boolean', 'Patient who can get pregnant', { required: true })] })],
  }),
  item('2', 'group', 'Screening pregnancy test (in the office or a laboratory)', {
    enableWhen: canGetPregnant(true),
    item: [
      item('2.2', 'choice', 'Result of the screening pregnancy test', {
        required: true,
        answerOption: [{ valueCoding: PREGNANCY_NEGATIVE }, { valueCoding: PREGNANCY_POSITIVE }],
      }),
      item('2.3', 'date', 'Date of the screening pregnancy test', { required: true }),
    ],
  }),
  item('4', 'group', 'Why the patient cannot get pregnant (one is enough)', {
    enableWhen: canGetPregnant(false),
    item: [
      item('4.1', 'boolean', 'Assigned male at birth (cisgender male)', { required: true }),
      item('4.2', 'boolean', 'Total hysterectomy', { required: true }),
      item('4.3', 'boolean', 'Bilateral oophorectomy', { required: true }),
      item('4.5', 'boolean', 'Post-menopausal (12 months without menses, not from a medical cause)', { required: true }),
    ],
  }),
  item('5', 'group', 'Patient', {
    item: [
      item('5.1', 'string', 'First name', { required: true }),
      item('5.2', 'string', 'Middle initial'),
      item('5.3', 'string', 'Last name', { required: true }),
      item('5.11', 'date', 'Date of birth', { required: true }),
    ],
  }),
  item('6', 'group', 'Informed consent (every patient)', {
    item: [item('6.2', 'boolean', 'The patient (and a parent or guardian if under 18) read and signed the informed consent today', { required: true })],
  }),
  item('7', 'group', 'Informed consent about birth defects (patients who can get pregnant)', {
    enableWhen: canGetPregnant(true),
    item: [item('7.2', 'boolean', 'The patient read and signed the consent about birth defects today', { required: true })],
  }),
  item('8', 'group', 'Who signed', {
    item: [
      item('8.1', 'choice', 'Attestation signed by', {
        required: true,
        answerOption: [{ valueString: PATIENT_ATTESTATION }, { valueString: GUARDIAN_ATTESTATION }],
      }),
    ],
  }),
  item('9', 'group', 'Counseling (the prescriber)', {
    item: [
      item('9.4', 'boolean', 'I counseled the patient on the risks and requirements of isotretinoin and the program, and she understands them', {
        required: true,
      }),
      item('9.10', 'choice', 'The counseling visit was', {
        // In person unless said otherwise, as on the web forms.
        answerOption: coded(`${ISOCOURSE_CODES}/counseling-modality`, ['inPerson', 'telehealth'], words).map((option, index) =>
          index === 0 ? { ...option, initialSelected: true } : option,
        ),
      }),
    ],
  }),
];

const PRESCRIBER_ENROLLMENT: QuestionnaireItem[] = [
  item('1', 'group', 'Prescriber', {
    item: [
      item('1.2', 'string', 'NPI number', { required: true }),
      item('1.3', 'string', 'First name', { required: true }),
      item('1.5', 'string', 'Last name', { required: true }),
    ],
  }),
];

const METHODS_SYSTEM = `${ISOCOURSE_CODES}/contraception-method`;

const DEFINITIONS: Record<QuestionnaireId, { title: string; description: string; items: QuestionnaireItem[] }> = {
  IPledgeRemsPatientEnrollment: {
    title: 'Patient enrollment',
    description:
      "Enrolls a new patient with her risk category; records the consents signed today, the screening pregnancy test of a patient who can get pregnant, and the prescriber's counseling. Signed by the prescriber (the response's author, by NPI).",
    items: PATIENT_ENROLLMENT,
  },
  IPledgeRemsPrescriberEnrollmentForm: {
    title: 'Prescriber enrollment',
    description:
      "Names the prescriber by NPI. A prescriber's certification is recorded by the program's administrator; this form tells whether the prescriber is certified.",
    items: PRESCRIBER_ENROLLMENT,
  },
  'isocourse-monthly-check': {
    title: "The patient's monthly check",
    description: "The outcome of this month's comprehension questions and the patient's confirmation that she still uses the methods she declared last.",
    items: [
      item('checkedOn', 'date', 'Date', { required: true }),
      item('comprehensionPassed', 'boolean', "The patient answered this month's comprehension questions correctly"),
      item('confirmsSameContraception', 'boolean', 'The patient still uses the two methods of birth control she declared last'),
    ],
  },
  'isocourse-contraception': {
    title: 'Birth control declaration',
    description: 'The two methods the patient uses (one primary), or her commitment to abstinence.',
    items: [
      item('declaredOn', 'date', 'Date of the declaration', { required: true }),
      item('methods', 'choice', 'Methods used', { repeats: true, answerOption: coded(METHODS_SYSTEM, CONTRACEPTION_METHODS, words) }),
      item('abstinence', 'boolean', 'Commits to abstinence', { required: true }),
      item('startedOn', 'date', 'Used (or kept) without a break since', { required: true }),
      item('takesEnzymeInducer', 'boolean', "Takes St John's wort or another enzyme inducer"),
    ],
  },
  'isocourse-pregnancy-test': {
    title: 'Pregnancy test result',
    description: 'A pregnancy test done in a laboratory or in the office.',
    items: [
      item('kind', 'choice', 'Which test', {
        required: true,
        answerOption: coded(
          `${ISOCOURSE_CODES}/pregnancy-test-kind`,
          ['screening', 'confirmation', 'monthly', 'endOfTreatment', 'postTreatment', 'unscheduled'],
          words,
        ),
      }),
      item('specimenDate', 'date', 'Specimen collected on', { required: true }),
      item('resultDate', 'date', 'Result on', { required: true }),
      item('result', 'choice', 'Result', {
        required: true,
        answerOption: coded(`${ISOCOURSE_CODES}/pregnancy-test-result`, ['negative', 'positive', 'invalid'], words),
      }),
      item('setting', 'choice', 'Where', { required: true, answerOption: coded(`${ISOCOURSE_CODES}/pregnancy-test-setting`, ['lab', 'clinic'], words) }),
      item('clia', 'boolean', 'CLIA-certified laboratory or CLIA-waived test', { required: true }),
      item('sensitivityMiuPerMl', 'decimal', 'Sensitivity (mIU/mL)'),
    ],
  },
  'isocourse-counseling': {
    title: 'Counseling attestation (the prescriber)',
    description: "The prescriber confirms the counseling given at a visit. Signed by the prescriber (the response's author, by NPI).",
    items: [
      item('counseledOn', 'date', 'Counseled on', { required: true }),
      item('modality', 'choice', 'The visit was', {
        required: true,
        answerOption: coded(`${ISOCOURSE_CODES}/counseling-modality`, ['inPerson', 'telehealth'], words),
      }),
    ],
  },
};

export function isQuestionnaireId(id: string): id is QuestionnaireId {
  return Object.hasOwn(DEFINITIONS, id);
}

export function questionnaireIds(): QuestionnaireId[] {
  return Object.keys(DEFINITIONS) as QuestionnaireId[];
}

export function questionnaire(id: QuestionnaireId): Questionnaire {
  const definition = DEFINITIONS[id];
  return {
    resourceType: 'Questionnaire',
    id,
    url: `${QUESTIONNAIRE_BASE}/${id}`,
    name: id.replace(/[^A-Za-z0-9]/g, ''),
    title: definition.title,
    status: 'active',
    subjectType: ['Patient'],
    publisher: 'isocourse',
    description: definition.description,
    item: definition.items,
  };
}

export function isContraceptionMethod(code: string): code is ContraceptionMethod {
  return (CONTRACEPTION_METHODS as readonly string[]).includes(code);
}
