// The symptoms a patient can log: the API's vocabulary (src/domain/symptoms.ts SYMPTOMS, the
// symptom-reports schema), grouped by part of the body for the form, with their names, the groups'
// titles, the severities and the advice the answer brings in the reader's language (the words:
// i18n/messages, symptoms.*). test/web/patientContent.test.ts checks that the codes and kinds are the
// server's, that the English names are the server's labels, and that the advice worded here is, in
// English, word for word the server's for every symptom and severity. (Read under Node by the tests:
// no imports but the English catalogue.)
import { en, type MessageId } from '../../i18n/messages/en.js';

export type SymptomSeverity = 'mild' | 'moderate' | 'severe';

type Translate = (id: MessageId) => string;
const english: Translate = (id) => en[id];

export interface SymptomChoice {
  code: string;
  /** Expected, non-urgent effects (education); the rest are possible warning signs (§4.4). */
  expected: boolean;
}

export interface SymptomGroup {
  /** The group's title: symptoms.group.ID. */
  id: 'expected' | 'head' | 'stomach' | 'mood' | 'skin' | 'body';
  symptoms: readonly SymptomChoice[];
}

const s = (code: string, expected = false): SymptomChoice => ({ code, expected });

export const SYMPTOM_GROUPS: readonly SymptomGroup[] = [
  {
    id: 'expected',
    symptoms: [
      s('dryLips', true),
      s('drySkin', true),
      s('nosebleeds', true),
      s('dryEyes', true),
      s('contactLensIntolerance', true),
      s('photosensitivity', true),
      s('hairThinning', true),
      s('acneFlare', true),
    ],
  },
  {
    id: 'head',
    symptoms: [
      s('headache'),
      s('severeHeadache'),
      s('blurredVision'),
      s('doubleVision'),
      s('decreasedNightVision'),
      s('eyePain'),
      s('tinnitus'),
      s('hearingLoss'),
    ],
  },
  {
    id: 'stomach',
    symptoms: [
      s('nauseaVomiting'),
      s('abdominalPain'),
      s('severeAbdominalPain'),
      s('backPain'),
      s('rectalBleeding'),
      s('severeDiarrhea'),
      s('jaundice'),
      s('darkUrine'),
      s('rightUpperAbdominalPain'),
    ],
  },
  {
    id: 'mood',
    symptoms: [s('depressedMood'), s('cryingSpells'), s('irritability'), s('aggression'), s('hallucinations'), s('suicidalThoughts')],
  },
  {
    id: 'skin',
    symptoms: [
      s('rashWithFever'),
      s('blisters'),
      s('mucosalErosions'),
      s('skinPeeling'),
      s('hives'),
      s('facialSwelling'),
      s('breathingDifficulty'),
      s('purpura'),
    ],
  },
  {
    id: 'body',
    symptoms: [s('musclePainWeakness'), s('jointPain'), s('excessThirst'), s('frequentUrination'), s('shortnessOfBreath'), s('fainting'), s('generalWeakness')],
  },
];

export const ALL_SYMPTOMS: readonly SymptomChoice[] = SYMPTOM_GROUPS.flatMap((group) => group.symptoms);

/** A symptom's name in the reader's language; a code this page does not know, as it is. */
export function symptomName(code: string, t: Translate = english): string {
  return ALL_SYMPTOMS.some((symptom) => symptom.code === code) ? t(`symptoms.name.${code}` as MessageId) : code;
}

/** A group's title in the reader's language. */
export function groupTitle(group: SymptomGroup, t: Translate = english): string {
  return t(`symptoms.group.${group.id}`);
}

export const SEVERITIES: readonly SymptomSeverity[] = ['mild', 'moderate', 'severe'];

/** "Mild: I notice it" … in the reader's language. */
export function severityWords(severity: SymptomSeverity, t: Translate = english): string {
  return t(`symptoms.severity.${severity}`);
}

/** Symptoms that call for help at once, before the form is even sent. */
export const EMERGENCY_SYMPTOMS = new Set([
  'breathingDifficulty',
  'facialSwelling',
  'severeAbdominalPain',
  'rashWithFever',
  'blisters',
  'mucosalErosions',
  'fainting',
]);

/** One piece of advice of the answer (POST /patients/{id}/symptom-reports): the alert's code and severity, the server's (English) text, the symptoms that raised it. */
export interface SymptomAdvice {
  code: string;
  severity: 'urgent' | 'warning' | 'info';
  text: string;
  symptoms?: readonly string[];
}

/** What an urgent red flag tells the patient, by the alert's code (src/domain/symptoms.ts RED_FLAGS, mood.ts CRISIS_RESOURCES). */
const URGENT_ADVICE: Readonly<Record<string, readonly MessageId[]>> = {
  SUSPECT_INTRACRANIAL_HYPERTENSION: ['symptoms.advice.stopAndCall'],
  SUSPECT_PANCREATITIS: ['symptoms.advice.stopAndEmergency'],
  SUSPECT_INFLAMMATORY_BOWEL_DISEASE: ['symptoms.advice.stopAndCall'],
  SUSPECT_HEPATITIS: ['symptoms.advice.stopAndCall'],
  SUSPECT_OCULAR_TOXICITY: ['symptoms.advice.stopAndCall', 'symptoms.advice.nightDriving'],
  SUSPECT_HEARING_IMPAIRMENT: ['symptoms.advice.stopAndCall'],
  SUSPECT_PSYCHIATRIC_REACTION: ['symptoms.advice.stopAndCall', 'symptoms.advice.call988'],
  SUSPECT_SEVERE_SKIN_REACTION: ['symptoms.advice.stopAndEmergency'],
  SUSPECT_ALLERGIC_REACTION: ['symptoms.advice.stopAndEmergency'],
  SUSPECT_MUSCULOSKELETAL_EFFECT: ['symptoms.advice.musculoskeletal'],
  SUSPECT_HYPERGLYCEMIA: ['symptoms.advice.bloodSugar'],
  SUSPECT_ANEMIA: ['symptoms.advice.anemia'],
  SYMPTOM_NEEDS_REVIEW: ['symptoms.advice.stopAndCall'],
  SUICIDAL_IDEATION: ['symptoms.advice.crisis'],
};

/** The red flags whose warning (not urgent) tells the patient that the prescriber will call. */
const WARNING_CODES = new Set([
  'SUSPECT_INTRACRANIAL_HYPERTENSION',
  'SUSPECT_PANCREATITIS',
  'SUSPECT_HEPATITIS',
  'SUSPECT_PSYCHIATRIC_REACTION',
  'SUSPECT_SEVERE_SKIN_REACTION',
  'SUSPECT_MUSCULOSKELETAL_EFFECT',
  'SUSPECT_HYPERGLYCEMIA',
  'SUSPECT_ANEMIA',
  'SYMPTOM_NEEDS_REVIEW',
]);

/** The expected effects' self-care advice (symptoms.education.CODE). */
const EDUCATION_CODES = new Set(ALL_SYMPTOMS.filter((symptom) => symptom.expected).map((symptom) => symptom.code));

/** The keys of an advice's words, or null when this page does not know it (then the server's text is shown, in English). */
function adviceKeys(advice: SymptomAdvice): readonly MessageId[] | null {
  const symptom = advice.symptoms?.length === 1 ? advice.symptoms[0] : undefined;
  const education = symptom !== undefined && EDUCATION_CODES.has(symptom) ? (`symptoms.education.${symptom}` as MessageId) : null;
  if (advice.code === 'EXPECTED_SIDE_EFFECT' && advice.severity === 'info') {
    return education === null ? null : [education];
  }
  if (advice.code === 'SEVERE_SIDE_EFFECT' && advice.severity === 'warning') {
    return education === null ? null : [education, 'symptoms.advice.prescriberWillCall'];
  }
  if (advice.severity === 'urgent') {
    return URGENT_ADVICE[advice.code] ?? null;
  }
  if (advice.severity === 'warning' && WARNING_CODES.has(advice.code)) {
    return ['symptoms.advice.prescriberWillCall'];
  }
  return null;
}

/**
 * The advice in the reader's language, chosen by the alert's code, severity and symptom; advice
 * this page does not know is shown in the server's words (English) rather than not at all — safer
 * than dropping what to do.
 */
export function adviceText(advice: SymptomAdvice, t: Translate = english): string {
  const keys = adviceKeys(advice);
  return keys === null ? advice.text : keys.map((key) => t(key)).join(' ');
}
