// Symptom reports and red flags (domain.md §4.4). A patient (or prescriber) logs symptoms from a
// curated vocabulary, each rated mild / moderate / severe; assessSymptoms turns a log into alerts.
//
// Which combinations trigger what [APP] — conservative: when unsure, alert (a warning is an alert;
// "urgent" means the §4.4 action applies now). The same symptom logged twice counts once, at its
// worst severity. `severeHeadache`, `severeAbdominalPain` and `severeDiarrhea` are severe whatever
// severity is given with them; `headache` / `abdominalPain` rated severe are the same as those.
//
// | Alert (rule §4.4)                   | urgent when                                                        | warning when                                  |
// |-------------------------------------|--------------------------------------------------------------------|-----------------------------------------------|
// | SUSPECT_INTRACRANIAL_HYPERTENSION   | severe headache; any headache + blurred/double vision or nausea/   | headache (mild/moderate) alone                |
// |                                     | vomiting; double vision at any severity                            |                                               |
// | SUSPECT_PANCREATITIS                | severe abdominal pain; any abdominal pain + back pain or nausea/   | abdominal pain (mild/moderate) alone          |
// |                                     | vomiting                                                           |                                               |
// | SUSPECT_INFLAMMATORY_BOWEL_DISEASE  | rectal bleeding or severe diarrhea, any severity                   | —                                             |
// | SUSPECT_HEPATITIS                   | jaundice; dark urine + right-upper abdominal pain                  | dark urine alone; right-upper pain alone      |
// | SUSPECT_OCULAR_TOXICITY             | blurred vision, decreased night vision or eye pain, any severity   | —                                             |
// | SUSPECT_HEARING_IMPAIRMENT          | tinnitus or hearing loss, any severity                             | —                                             |
// | SUICIDAL_IDEATION (R-MOOD-1)        | suicidal thoughts, any severity (crisis resources shown)           | —                                             |
// | SUSPECT_PSYCHIATRIC_REACTION        | suicidal thoughts, hallucinations, aggression (any); depressed     | depressed mood / crying / irritability, mild  |
// |                                     | mood, crying or irritability moderate or severe                    | only (→ PHQ-9 now, R-MOOD-2)                  |
// | SUSPECT_SEVERE_SKIN_REACTION        | rash with fever, blisters, mucosal erosions (any); skin peeling    | skin peeling mild/moderate alone              |
// |                                     | severe or with any of those                                        |                                               |
// | SUSPECT_ALLERGIC_REACTION           | hives, facial/tongue swelling, breathing difficulty, purpura (any) | —                                             |
// | SUSPECT_MUSCULOSKELETAL_EFFECT      | muscle pain/weakness severe (CK today)                             | back pain, joint pain, muscle pain/weakness   |
// | SUSPECT_HYPERGLYCEMIA               | excess thirst + frequent urination, either severe                  | excess thirst or frequent urination           |
// | SUSPECT_ANEMIA                      | fainting (any); shortness of breath severe                         | shortness of breath, general weakness         |
// | SYMPTOM_NEEDS_REVIEW                | nausea/vomiting severe                                             | nausea/vomiting mild/moderate                 |
// |                                     |   — only when no intracranial, pancreatitis or hepatitis alert explains it                         |
// | EXPECTED_SIDE_EFFECT (info)         | —                                                                  | — (mild/moderate expected effect: education)  |
// | SEVERE_SIDE_EFFECT                  | —                                                                  | an expected effect rated severe               |
//
// Papilledema and corneal changes are examination findings, not patient symptoms: not in the
// vocabulary. Alerts come most urgent first, then in the order of the table.
import { alert, sortAlerts, type Alert } from './alerts.js';
import { jsonText } from './jsonText.js';
import { suicidalIdeationAlert } from './mood.js';
import type { FieldProblem } from './pregnancyTests.js';

export type SymptomSeverity = 'mild' | 'moderate' | 'severe';
export const SYMPTOM_SEVERITIES: readonly SymptomSeverity[] = ['mild', 'moderate', 'severe'];

/** Red flags (§4.4 table) and expected, non-urgent effects (education only). */
export const SYMPTOMS = [
  { code: 'headache', label: 'Headache', expected: false },
  { code: 'severeHeadache', label: 'Severe or lasting headache', expected: false },
  { code: 'blurredVision', label: 'Blurred vision', expected: false },
  { code: 'doubleVision', label: 'Double vision', expected: false },
  { code: 'nauseaVomiting', label: 'Feeling sick or throwing up', expected: false },
  { code: 'abdominalPain', label: 'Stomach (belly) pain', expected: false },
  { code: 'severeAbdominalPain', label: 'Severe stomach (belly) pain', expected: false },
  { code: 'backPain', label: 'Back pain', expected: false },
  { code: 'rectalBleeding', label: 'Bleeding from the bottom, or blood in the stool', expected: false },
  { code: 'severeDiarrhea', label: 'Severe diarrhea', expected: false },
  { code: 'jaundice', label: 'Yellow skin or yellow eyes', expected: false },
  { code: 'darkUrine', label: 'Dark urine', expected: false },
  { code: 'rightUpperAbdominalPain', label: 'Pain in the upper right side of the belly', expected: false },
  { code: 'decreasedNightVision', label: 'Trouble seeing in the dark', expected: false },
  { code: 'eyePain', label: 'Eye pain', expected: false },
  { code: 'tinnitus', label: 'Ringing in the ears', expected: false },
  { code: 'hearingLoss', label: 'Hearing loss', expected: false },
  { code: 'depressedMood', label: 'Feeling sad, down or hopeless', expected: false },
  { code: 'cryingSpells', label: 'Crying spells', expected: false },
  { code: 'irritability', label: 'Feeling irritable or short-tempered', expected: false },
  { code: 'aggression', label: 'Feeling aggressive or violent', expected: false },
  { code: 'hallucinations', label: 'Seeing or hearing things that are not there', expected: false },
  { code: 'suicidalThoughts', label: 'Thoughts of hurting yourself or ending your life', expected: false },
  { code: 'rashWithFever', label: 'Rash with fever', expected: false },
  { code: 'blisters', label: 'Blisters on the skin', expected: false },
  { code: 'mucosalErosions', label: 'Sores in the mouth, eyes, nose or genitals', expected: false },
  { code: 'skinPeeling', label: 'Skin peeling', expected: false },
  { code: 'hives', label: 'Hives (itchy raised welts)', expected: false },
  { code: 'facialSwelling', label: 'Swelling of the face, lips or tongue', expected: false },
  { code: 'breathingDifficulty', label: 'Trouble breathing or wheezing', expected: false },
  { code: 'purpura', label: 'Purple spots or bruises without a reason', expected: false },
  { code: 'musclePainWeakness', label: 'Muscle pain or weakness', expected: false },
  { code: 'jointPain', label: 'Joint pain', expected: false },
  { code: 'excessThirst', label: 'Being very thirsty', expected: false },
  { code: 'frequentUrination', label: 'Needing to pass urine often', expected: false },
  { code: 'shortnessOfBreath', label: 'Getting out of breath easily', expected: false },
  { code: 'fainting', label: 'Fainting', expected: false },
  { code: 'generalWeakness', label: 'Unusual tiredness or weakness', expected: false },
  { code: 'dryLips', label: 'Dry or cracked lips', expected: true },
  { code: 'drySkin', label: 'Dry or itchy skin', expected: true },
  { code: 'nosebleeds', label: 'Nosebleeds', expected: true },
  { code: 'dryEyes', label: 'Dry eyes', expected: true },
  { code: 'contactLensIntolerance', label: 'Contact lenses uncomfortable', expected: true },
  { code: 'photosensitivity', label: 'Sunburning easily', expected: true },
  { code: 'hairThinning', label: 'Hair thinning', expected: true },
  { code: 'acneFlare', label: 'Acne getting worse', expected: true },
] as const;

export type SymptomCode = (typeof SYMPTOMS)[number]['code'];

export const SYMPTOM_CODES: readonly SymptomCode[] = SYMPTOMS.map((symptom) => symptom.code);

export interface SymptomEntry {
  symptom: SymptomCode;
  severity: SymptomSeverity;
}

/** An alert with the logged symptoms that raised it. */
export interface SymptomAlert extends Alert {
  symptoms: SymptomCode[];
}

export function isSymptomCode(value: unknown): value is SymptomCode {
  return typeof value === 'string' && (SYMPTOM_CODES as readonly string[]).includes(value);
}

export function symptomLabel(code: SymptomCode): string {
  return SYMPTOMS.find((symptom) => symptom.code === code)?.label ?? code;
}

/** Problems with a symptom log: each entry a known symptom code with a severity. Empty when valid. */
export function symptomEntryProblems(entries: unknown): FieldProblem[] {
  if (!Array.isArray(entries)) {
    return [{ field: 'entries', code: 'REQUIRED', message: 'A symptom log is a list of symptoms with their severity.' }];
  }
  const problems: FieldProblem[] = [];
  entries.forEach((entry: unknown, index) => {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    if (!isSymptomCode(record['symptom'])) {
      problems.push({
        field: `entries/${index}/symptom`,
        code: 'UNKNOWN_SYMPTOM',
        message: `Entry ${index + 1}: choose a symptom from the list (got ${jsonText(record['symptom']) ?? 'nothing'}).`,
      });
    }
    const severity = record['severity'];
    if (typeof severity !== 'string' || !(SYMPTOM_SEVERITIES as readonly string[]).includes(severity)) {
      problems.push({
        field: `entries/${index}/severity`,
        code: 'INVALID_SEVERITY',
        message: `Entry ${index + 1}: the severity is mild, moderate or severe.`,
      });
    }
  });
  return problems;
}

const STOP_AND_CALL = 'Stop taking isotretinoin and call your prescriber today.';
const STOP_AND_EMERGENCY = 'Stop taking isotretinoin and get emergency care now (call 911 if it is severe).';
const PRESCRIBER_WILL_CALL = 'Your prescriber has been told and will contact you. Call them at once if it gets worse or new symptoms start.';

const EDUCATION: Record<string, string> = {
  dryLips: 'Dry, cracked lips happen to nearly everyone on isotretinoin. Use a lip balm or ointment often during the day.',
  drySkin: 'Dry, itchy skin is common. Use a fragrance-free moisturizer twice a day and a mild cleanser; keep showers short and lukewarm.',
  nosebleeds:
    'Small nosebleeds come from a dry nose; a saline spray or petroleum jelly inside the nostrils helps. Pinch the soft part of the nose for 10 minutes; get care if it does not stop within 20 minutes.',
  dryEyes: 'Dry eyes are common: use lubricating eye drops (artificial tears). Tell your prescriber at once about eye pain or any change in vision.',
  contactLensIntolerance: 'Contact lenses may become uncomfortable during treatment: use lubricating drops or wear glasses for a while.',
  photosensitivity: 'Your skin burns more easily: use a broad-spectrum sunscreen (SPF 30 or more), cover up and avoid tanning beds.',
  hairThinning: 'Some hair thinning can happen and usually recovers after treatment. Tell your prescriber if it is marked.',
  acneFlare: 'Acne can get worse in the first weeks before it gets better. Tell your prescriber if the flare is severe or painful.',
};

const SEVERITY_RANK: Record<SymptomSeverity, number> = { mild: 0, moderate: 1, severe: 2 };

/** Codes that are severe by name. */
const SEVERE_BY_NAME: Partial<Record<SymptomCode, true>> = {
  severeHeadache: true,
  severeAbdominalPain: true,
  severeDiarrhea: true,
};

class SymptomLog {
  private readonly worst = new Map<SymptomCode, SymptomSeverity>();

  constructor(entries: readonly SymptomEntry[]) {
    for (const { symptom, severity } of entries) {
      const effective: SymptomSeverity = SEVERE_BY_NAME[symptom] ? 'severe' : severity;
      const known = this.worst.get(symptom);
      if (known === undefined || SEVERITY_RANK[effective] > SEVERITY_RANK[known]) {
        this.worst.set(symptom, effective);
      }
    }
  }

  has(...codes: SymptomCode[]): boolean {
    return codes.some((code) => this.worst.has(code));
  }

  /** The logged codes among `codes`, in the order given. */
  present(...codes: SymptomCode[]): SymptomCode[] {
    return codes.filter((code) => this.worst.has(code));
  }

  severe(...codes: SymptomCode[]): boolean {
    return codes.some((code) => this.worst.get(code) === 'severe');
  }

  atLeastModerate(...codes: SymptomCode[]): boolean {
    return codes.some((code) => {
      const severity = this.worst.get(code);
      return severity !== undefined && SEVERITY_RANK[severity] >= SEVERITY_RANK.moderate;
    });
  }

  codes(): SymptomCode[] {
    return SYMPTOM_CODES.filter((code) => this.worst.has(code));
  }
}

interface RedFlag {
  code: string;
  cause: string;
  urgent: { action: string; patientMessage: string };
  warning?: { action: string };
}

const RED_FLAGS = {
  intracranial: {
    code: 'SUSPECT_INTRACRANIAL_HYPERTENSION',
    cause: 'intracranial hypertension (pseudotumor cerebri; more likely with tetracyclines)',
    urgent: {
      action: 'Stop isotretinoin and refer: urgent eye exam and neurology (look for papilledema).',
      patientMessage: STOP_AND_CALL,
    },
    warning: {
      action:
        'Contact the patient within a day: ask about vision changes, nausea and vomiting, and tetracycline use; ' +
        'stop and refer (eye exam, neurology) if the headache is severe, lasting or comes with any of them.',
    },
  },
  pancreatitis: {
    code: 'SUSPECT_PANCREATITIS',
    cause: 'acute pancreatitis (possible even with normal triglycerides)',
    urgent: {
      action: 'Stop isotretinoin; emergency care (lipase, triglycerides).',
      patientMessage: STOP_AND_EMERGENCY,
    },
    warning: {
      action:
        'Contact the patient within a day; stop and send to emergency care if the pain becomes severe, ' +
        'goes through to the back or comes with vomiting. Consider lipase and triglycerides.',
    },
  },
  bowel: {
    code: 'SUSPECT_INFLAMMATORY_BOWEL_DISEASE',
    cause: 'inflammatory bowel disease',
    urgent: { action: 'Stop isotretinoin and refer (gastroenterology).', patientMessage: STOP_AND_CALL },
  },
  hepatitis: {
    code: 'SUSPECT_HEPATITIS',
    cause: 'hepatitis',
    urgent: { action: 'Stop isotretinoin; liver tests today (ALT, AST, bilirubin).', patientMessage: STOP_AND_CALL },
    warning: {
      action: 'Check liver tests (ALT, AST, bilirubin) soon; stop if jaundice appears or the enzymes are raised (§4.2).',
    },
  },
  ocular: {
    code: 'SUSPECT_OCULAR_TOXICITY',
    cause: 'ocular toxicity',
    urgent: {
      action: 'Stop isotretinoin; ophthalmology exam. Warn the patient about driving at night.',
      patientMessage: `${STOP_AND_CALL} Take care driving at night, or do not drive at night until your eyes are checked.`,
    },
  },
  hearing: {
    code: 'SUSPECT_HEARING_IMPAIRMENT',
    cause: 'hearing impairment',
    urgent: { action: 'Stop isotretinoin; audiology / ENT referral.', patientMessage: STOP_AND_CALL },
  },
  psychiatric: {
    code: 'SUSPECT_PSYCHIATRIC_REACTION',
    cause: 'a psychiatric reaction (depression, psychosis, aggression)',
    urgent: {
      action: 'Stop isotretinoin and refer to mental health (stopping alone may not be enough); PHQ-9 now (R-MOOD-1, R-MOOD-2).',
      patientMessage: `${STOP_AND_CALL} If you have thoughts of hurting yourself, call or text 988 now.`,
    },
    warning: {
      action: 'Do a PHQ-9 now and ask about thoughts of self-harm (R-MOOD-1, R-MOOD-2); stop and refer to mental health if confirmed.',
    },
  },
  skin: {
    code: 'SUSPECT_SEVERE_SKIN_REACTION',
    cause: 'a severe skin reaction (Stevens-Johnson syndrome / toxic epidermal necrolysis, erythema multiforme)',
    urgent: { action: 'Stop isotretinoin; emergency care.', patientMessage: STOP_AND_EMERGENCY },
    warning: {
      action:
        'Ask about fever, blisters and sores in the mouth or eyes; if any: stop isotretinoin, emergency care. ' + 'Otherwise treat as dry skin (moisturizer).',
    },
  },
  allergic: {
    code: 'SUSPECT_ALLERGIC_REACTION',
    cause: 'anaphylaxis or allergic vasculitis',
    urgent: { action: 'Stop isotretinoin; emergency care.', patientMessage: STOP_AND_EMERGENCY },
  },
  musculoskeletal: {
    code: 'SUSPECT_MUSCULOSKELETAL_EFFECT',
    cause: 'a musculoskeletal effect (CK rise; bone effects in teens)',
    urgent: {
      action: 'Evaluate today and check CK (severe muscle pain or weakness: rule out rhabdomyolysis).',
      patientMessage: 'Call your prescriber today. Avoid hard exercise until you have been checked.',
    },
    warning: {
      action: 'Evaluate at the next contact; check CK if there is weakness; advise less strenuous exercise.',
    },
  },
  hyperglycemia: {
    code: 'SUSPECT_HYPERGLYCEMIA',
    cause: 'high blood sugar',
    urgent: { action: 'Glucose test today.', patientMessage: 'Call your prescriber today for a blood sugar test.' },
    warning: { action: 'Glucose test (fasting glucose or HbA1c).' },
  },
  anemia: {
    code: 'SUSPECT_ANEMIA',
    cause: 'anemia or low white cells (rare)',
    urgent: {
      action: 'Assess today (emergency care if breathless at rest or after fainting); CBC.',
      patientMessage: 'Call your prescriber today; get emergency care if you are breathless at rest or have fainted.',
    },
    warning: { action: 'CBC.' },
  },
  nausea: {
    code: 'SYMPTOM_NEEDS_REVIEW',
    cause: 'an early sign of intracranial hypertension, pancreatitis or hepatitis',
    urgent: {
      action:
        'Contact the patient today: ask about headache, vision, abdominal or back pain and yellow skin; stop and refer if any; ' +
        'emergency care if they cannot keep fluids down.',
      patientMessage: STOP_AND_CALL,
    },
    warning: {
      action: 'Contact the patient within a day or two: ask about headache, vision, abdominal or back pain and yellow skin.',
    },
  },
} satisfies Record<string, RedFlag>;

function redFlagAlert(flag: RedFlag, severity: 'urgent' | 'warning', symptoms: SymptomCode[]): SymptomAlert {
  const listed = symptoms.map((code) => symptomLabel(code).toLowerCase()).join(', ');
  const message = `Reported: ${listed}. Possible ${flag.cause}.`;
  const built =
    severity === 'urgent' || flag.warning === undefined
      ? alert(flag.code, '§4.4', 'urgent', message, flag.urgent.action, {
          patientMessage: flag.urgent.patientMessage,
          acknowledgeBy: 'today',
        })
      : alert(flag.code, '§4.4', 'warning', message, flag.warning.action, { patientMessage: PRESCRIBER_WILL_CALL });
  return { ...built, symptoms };
}

/** The alerts a symptom log raises (§4.4), most urgent first. Throws on entries symptomEntryProblems rejects. */
export function assessSymptoms(entries: readonly SymptomEntry[]): SymptomAlert[] {
  const problems = symptomEntryProblems(entries);
  if (problems.length > 0) {
    throw new RangeError(`Invalid symptom log: ${problems.map((problem) => problem.message).join(' ')}`);
  }
  const log = new SymptomLog(entries);
  const alerts: SymptomAlert[] = [];
  const raise = (flag: RedFlag, severity: 'urgent' | 'warning', symptoms: SymptomCode[]) => {
    if (symptoms.length > 0) {
      alerts.push(redFlagAlert(flag, severity, symptoms));
    }
  };

  // Intracranial hypertension.
  const headache = log.has('headache', 'severeHeadache');
  if (headache) {
    const urgent = log.severe('headache', 'severeHeadache') || log.has('blurredVision', 'doubleVision', 'nauseaVomiting');
    raise(RED_FLAGS.intracranial, urgent ? 'urgent' : 'warning', log.present('headache', 'severeHeadache', 'blurredVision', 'doubleVision', 'nauseaVomiting'));
  } else if (log.has('doubleVision')) {
    raise(RED_FLAGS.intracranial, 'urgent', log.present('doubleVision', 'blurredVision', 'nauseaVomiting'));
  }

  // Pancreatitis.
  const abdominal = log.has('abdominalPain', 'severeAbdominalPain');
  if (abdominal) {
    const urgent = log.severe('abdominalPain', 'severeAbdominalPain') || log.has('backPain', 'nauseaVomiting');
    raise(RED_FLAGS.pancreatitis, urgent ? 'urgent' : 'warning', log.present('abdominalPain', 'severeAbdominalPain', 'backPain', 'nauseaVomiting'));
  }

  // Inflammatory bowel disease.
  if (log.has('rectalBleeding', 'severeDiarrhea')) {
    raise(RED_FLAGS.bowel, 'urgent', log.present('rectalBleeding', 'severeDiarrhea', 'abdominalPain', 'severeAbdominalPain'));
  }

  // Hepatitis.
  const liver = log.present('jaundice', 'darkUrine', 'rightUpperAbdominalPain');
  if (liver.length > 0) {
    raise(RED_FLAGS.hepatitis, log.has('jaundice') || liver.length >= 2 ? 'urgent' : 'warning', liver);
  }

  // Nausea / vomiting that no other alert explains.
  if (log.has('nauseaVomiting') && !headache && !abdominal && !log.has('doubleVision') && liver.length === 0) {
    raise(RED_FLAGS.nausea, log.severe('nauseaVomiting') ? 'urgent' : 'warning', ['nauseaVomiting']);
  }

  // Eyes and ears.
  raise(RED_FLAGS.ocular, 'urgent', log.present('blurredVision', 'decreasedNightVision', 'eyePain'));
  raise(RED_FLAGS.hearing, 'urgent', log.present('tinnitus', 'hearingLoss'));

  // Psychiatric (links to R-MOOD-1/2).
  if (log.has('suicidalThoughts')) {
    alerts.push({
      ...suicidalIdeationAlert('Thoughts of hurting themselves or ending their life reported in the symptom log.'),
      symptoms: ['suicidalThoughts'],
    });
  }
  const psychiatric = log.present('suicidalThoughts', 'hallucinations', 'aggression', 'depressedMood', 'cryingSpells', 'irritability');
  if (psychiatric.length > 0) {
    const urgent = log.has('suicidalThoughts', 'hallucinations', 'aggression') || log.atLeastModerate('depressedMood', 'cryingSpells', 'irritability');
    raise(RED_FLAGS.psychiatric, urgent ? 'urgent' : 'warning', psychiatric);
  }

  // Severe skin reactions.
  const skin = log.present('rashWithFever', 'blisters', 'mucosalErosions', 'skinPeeling');
  if (skin.length > 0) {
    const urgent = log.has('rashWithFever', 'blisters', 'mucosalErosions') || log.severe('skinPeeling');
    raise(RED_FLAGS.skin, urgent ? 'urgent' : 'warning', skin);
  }

  // Anaphylaxis / allergic vasculitis.
  raise(RED_FLAGS.allergic, 'urgent', log.present('hives', 'facialSwelling', 'breathingDifficulty', 'purpura'));

  // Musculoskeletal.
  const musculoskeletal = log.present('backPain', 'jointPain', 'musclePainWeakness');
  if (musculoskeletal.length > 0) {
    raise(RED_FLAGS.musculoskeletal, log.severe('musclePainWeakness') ? 'urgent' : 'warning', musculoskeletal);
  }

  // Hyperglycemia.
  const glucose = log.present('excessThirst', 'frequentUrination');
  raise(RED_FLAGS.hyperglycemia, glucose.length === 2 && log.severe(...glucose) ? 'urgent' : 'warning', glucose);

  // Anemia / leukopenia.
  const anemia = log.present('shortnessOfBreath', 'fainting', 'generalWeakness');
  if (anemia.length > 0) {
    raise(RED_FLAGS.anemia, log.has('fainting') || log.severe('shortnessOfBreath') ? 'urgent' : 'warning', anemia);
  }

  // Expected effects: education, or a prescriber review when severe.
  for (const code of log.codes()) {
    const education = EDUCATION[code];
    if (education === undefined) {
      continue;
    }
    const label = symptomLabel(code).toLowerCase();
    alerts.push({
      ...(log.severe(code)
        ? alert(
            'SEVERE_SIDE_EFFECT',
            '§4.4',
            'warning',
            `Reported: ${label}, rated severe. An expected effect, but severe.`,
            'Review within days: consider a lower dose and specific treatment for this effect.',
            { patientMessage: `${education} ${PRESCRIBER_WILL_CALL}` },
          )
        : alert(
            'EXPECTED_SIDE_EFFECT',
            '§4.4',
            'info',
            `Reported: ${label}. An expected, non-urgent effect of isotretinoin.`,
            'No action needed; the patient has been shown self-care advice.',
            { patientMessage: education },
          )),
      symptoms: [code],
    });
  }

  return sortAlerts(alerts);
}
