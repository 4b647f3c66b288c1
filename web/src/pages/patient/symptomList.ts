// The symptoms a patient can log: the API's vocabulary (src/domain/symptoms.ts SYMPTOMS, the
// symptom-reports schema), grouped by part of the body for the form. test/web/patientContent.test.ts
// checks that the codes and labels are the server's.

export type SymptomSeverity = 'mild' | 'moderate' | 'severe';

export interface SymptomChoice {
  code: string;
  label: string;
  /** Expected, non-urgent effects (education); the rest are possible warning signs (§4.4). */
  expected: boolean;
}

export interface SymptomGroup {
  title: string;
  symptoms: readonly SymptomChoice[];
}

const s = (code: string, label: string, expected = false): SymptomChoice => ({ code, label, expected });

export const SYMPTOM_GROUPS: readonly SymptomGroup[] = [
  {
    title: 'Common, expected effects',
    symptoms: [
      s('dryLips', 'Dry or cracked lips', true),
      s('drySkin', 'Dry or itchy skin', true),
      s('nosebleeds', 'Nosebleeds', true),
      s('dryEyes', 'Dry eyes', true),
      s('contactLensIntolerance', 'Contact lenses uncomfortable', true),
      s('photosensitivity', 'Sunburning easily', true),
      s('hairThinning', 'Hair thinning', true),
      s('acneFlare', 'Acne getting worse', true),
    ],
  },
  {
    title: 'Head, eyes and ears',
    symptoms: [
      s('headache', 'Headache'),
      s('severeHeadache', 'Severe or lasting headache'),
      s('blurredVision', 'Blurred vision'),
      s('doubleVision', 'Double vision'),
      s('decreasedNightVision', 'Trouble seeing in the dark'),
      s('eyePain', 'Eye pain'),
      s('tinnitus', 'Ringing in the ears'),
      s('hearingLoss', 'Hearing loss'),
    ],
  },
  {
    title: 'Stomach and bowel',
    symptoms: [
      s('nauseaVomiting', 'Feeling sick or throwing up'),
      s('abdominalPain', 'Stomach (belly) pain'),
      s('severeAbdominalPain', 'Severe stomach (belly) pain'),
      s('backPain', 'Back pain'),
      s('rectalBleeding', 'Bleeding from the bottom, or blood in the stool'),
      s('severeDiarrhea', 'Severe diarrhea'),
      s('jaundice', 'Yellow skin or yellow eyes'),
      s('darkUrine', 'Dark urine'),
      s('rightUpperAbdominalPain', 'Pain in the upper right side of the belly'),
    ],
  },
  {
    title: 'Mood and mind',
    symptoms: [
      s('depressedMood', 'Feeling sad, down or hopeless'),
      s('cryingSpells', 'Crying spells'),
      s('irritability', 'Feeling irritable or short-tempered'),
      s('aggression', 'Feeling aggressive or violent'),
      s('hallucinations', 'Seeing or hearing things that are not there'),
      s('suicidalThoughts', 'Thoughts of hurting yourself or ending your life'),
    ],
  },
  {
    title: 'Skin and allergy',
    symptoms: [
      s('rashWithFever', 'Rash with fever'),
      s('blisters', 'Blisters on the skin'),
      s('mucosalErosions', 'Sores in the mouth, eyes, nose or genitals'),
      s('skinPeeling', 'Skin peeling'),
      s('hives', 'Hives (itchy raised welts)'),
      s('facialSwelling', 'Swelling of the face, lips or tongue'),
      s('breathingDifficulty', 'Trouble breathing or wheezing'),
      s('purpura', 'Purple spots or bruises without a reason'),
    ],
  },
  {
    title: 'Muscles, joints and the rest of the body',
    symptoms: [
      s('musclePainWeakness', 'Muscle pain or weakness'),
      s('jointPain', 'Joint pain'),
      s('excessThirst', 'Being very thirsty'),
      s('frequentUrination', 'Needing to pass urine often'),
      s('shortnessOfBreath', 'Getting out of breath easily'),
      s('fainting', 'Fainting'),
      s('generalWeakness', 'Unusual tiredness or weakness'),
    ],
  },
];

export const ALL_SYMPTOMS: readonly SymptomChoice[] = SYMPTOM_GROUPS.flatMap((group) => group.symptoms);

export const SEVERITIES: ReadonlyArray<readonly [SymptomSeverity, string]> = [
  ['mild', 'Mild: I notice it'],
  ['moderate', 'Moderate: it gets in the way'],
  ['severe', 'Severe: it stops me doing things'],
];

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
