import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SYMPTOMS,
  SYMPTOM_CODES,
  SYMPTOM_SEVERITIES,
  assessSymptoms,
  isSymptomCode,
  symptomEntryProblems,
  symptomLabel,
  type SymptomAlert,
  type SymptomCode,
  type SymptomSeverity,
} from './symptoms.js';

type Log = [SymptomCode, SymptomSeverity][];
const assess = (log: Log) => assessSymptoms(log.map(([symptom, severity]) => ({ symptom, severity })));
const summary = (alerts: readonly SymptomAlert[]) => alerts.map((alert) => `${alert.code}:${alert.severity}`);
const withCode = (alerts: readonly SymptomAlert[], code: string): SymptomAlert => {
  const found = alerts.find((alert) => alert.code === code);
  assert.ok(found, `expected ${code} among [${summary(alerts).join(', ')}]`);
  return found;
};

const EXPECTED: SymptomCode[] = ['dryLips', 'drySkin', 'nosebleeds', 'dryEyes', 'contactLensIntolerance', 'photosensitivity', 'hairThinning', 'acneFlare'];

describe('symptom vocabulary (§4.4)', () => {
  test('holds every red flag and expected effect the clinical module asks for, each once with a label', () => {
    const asked = [
      'severeHeadache',
      'blurredVision',
      'doubleVision',
      'nauseaVomiting',
      'severeAbdominalPain',
      'backPain',
      'rectalBleeding',
      'severeDiarrhea',
      'jaundice',
      'darkUrine',
      'decreasedNightVision',
      'eyePain',
      'tinnitus',
      'hearingLoss',
      'depressedMood',
      'irritability',
      'aggression',
      'hallucinations',
      'suicidalThoughts',
      'rashWithFever',
      'blisters',
      'mucosalErosions',
      'skinPeeling',
      'hives',
      'facialSwelling',
      'breathingDifficulty',
      'purpura',
      'musclePainWeakness',
      'jointPain',
      'excessThirst',
      'frequentUrination',
      'shortnessOfBreath',
      'fainting',
      ...EXPECTED,
    ];
    for (const code of asked) {
      assert.ok(isSymptomCode(code), code);
    }
    assert.equal(new Set(SYMPTOM_CODES).size, SYMPTOM_CODES.length);
    for (const symptom of SYMPTOMS) {
      assert.notEqual(symptom.label.trim(), '', symptom.code);
    }
    assert.deepEqual(
      SYMPTOMS.filter((symptom) => symptom.expected).map((symptom) => symptom.code),
      EXPECTED,
    );
    assert.equal(symptomLabel('jaundice'), 'Yellow skin or yellow eyes');
  });

  test('isSymptomCode rejects unknown codes and non-strings', () => {
    for (const value of ['headAche', '', 'toString', 3, null, undefined]) {
      assert.equal(isSymptomCode(value), false, String(value));
    }
  });
});

describe('symptom log validation', () => {
  test('known symptoms with a severity are valid; an empty log is valid', () => {
    assert.deepEqual(symptomEntryProblems([{ symptom: 'dryLips', severity: 'mild' }]), []);
    assert.deepEqual(symptomEntryProblems([]), []);
  });

  test('an unknown symptom → UNKNOWN_SYMPTOM, a bad severity → INVALID_SEVERITY, each at its entry', () => {
    const problems = symptomEntryProblems([
      { symptom: 'dryLips', severity: 'mild' },
      { symptom: 'headake', severity: 'severe' },
      { symptom: 'jaundice', severity: 'extreme' },
      'jaundice',
    ]);
    assert.deepEqual(
      problems.map((problem) => [problem.field, problem.code]),
      [
        ['entries/1/symptom', 'UNKNOWN_SYMPTOM'],
        ['entries/2/severity', 'INVALID_SEVERITY'],
        ['entries/3/symptom', 'UNKNOWN_SYMPTOM'],
        ['entries/3/severity', 'INVALID_SEVERITY'],
      ],
    );
  });

  test('not a list → REQUIRED; assessSymptoms refuses an invalid log instead of ignoring it', () => {
    assert.deepEqual(
      symptomEntryProblems(null).map((problem) => problem.code),
      ['REQUIRED'],
    );
    assert.throws(() => assessSymptoms([{ symptom: 'headake' as SymptomCode, severity: 'severe' }]), RangeError);
  });

  test('an empty log raises nothing', () => {
    assert.deepEqual(assessSymptoms([]), []);
  });
});

describe('red flags: intracranial hypertension and pancreatitis (T-49)', () => {
  test('T-49 §4.4: severe headache + blurred vision → urgent SUSPECT_INTRACRANIAL_HYPERTENSION, "stop and refer"', () => {
    const alerts = assess([
      ['severeHeadache', 'severe'],
      ['blurredVision', 'moderate'],
    ]);
    const alert = withCode(alerts, 'SUSPECT_INTRACRANIAL_HYPERTENSION');
    assert.equal(alert.severity, 'urgent');
    assert.match(alert.recommendedAction, /^Stop isotretinoin and refer: urgent eye exam and neurology/);
    assert.deepEqual(alert.symptoms, ['severeHeadache', 'blurredVision']);
    assert.equal(alert.requiresNote, true);
    assert.equal(alert.acknowledgeBy, 'today');
    assert.match(alert.patientMessage ?? '', /Stop taking isotretinoin and call your prescriber today/);
    // Blurred vision is also ocular toxicity: both urgent, intracranial first.
    assert.deepEqual(summary(alerts), ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent', 'SUSPECT_OCULAR_TOXICITY:urgent']);
  });

  test('T-49 §4.4: severe abdominal pain → urgent SUSPECT_PANCREATITIS, "stop; emergency care"', () => {
    const alerts = assess([['severeAbdominalPain', 'severe']]);
    assert.deepEqual(summary(alerts), ['SUSPECT_PANCREATITIS:urgent']);
    const alert = withCode(alerts, 'SUSPECT_PANCREATITIS');
    assert.match(alert.recommendedAction, /^Stop isotretinoin; emergency care/);
    assert.match(alert.patientMessage ?? '', /emergency care now/);
  });

  test('§4.4 [APP]: "severe headache" is severe whatever severity is ticked; "headache" rated severe is the same', () => {
    assert.deepEqual(summary(assess([['severeHeadache', 'mild']])), ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent']);
    assert.deepEqual(summary(assess([['headache', 'severe']])), ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent']);
  });

  test('§4.4 [APP]: a mild or moderate headache alone → warning; with nausea/vomiting or double vision → urgent', () => {
    assert.deepEqual(summary(assess([['headache', 'mild']])), ['SUSPECT_INTRACRANIAL_HYPERTENSION:warning']);
    assert.deepEqual(summary(assess([['headache', 'moderate']])), ['SUSPECT_INTRACRANIAL_HYPERTENSION:warning']);
    assert.deepEqual(
      summary(
        assess([
          ['headache', 'mild'],
          ['nauseaVomiting', 'mild'],
        ]),
      ),
      ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent'],
    );
    assert.deepEqual(
      summary(
        assess([
          ['headache', 'mild'],
          ['doubleVision', 'mild'],
        ]),
      ),
      ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent'],
    );
  });

  test('§4.4 [APP]: double vision alone → urgent SUSPECT_INTRACRANIAL_HYPERTENSION', () => {
    assert.deepEqual(summary(assess([['doubleVision', 'mild']])), ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent']);
  });

  test('§4.4 [APP]: abdominal pain alone, mild or moderate → warning; with back pain or vomiting → urgent', () => {
    assert.deepEqual(summary(assess([['abdominalPain', 'moderate']])), ['SUSPECT_PANCREATITIS:warning']);
    assert.deepEqual(
      summary(
        assess([
          ['abdominalPain', 'mild'],
          ['nauseaVomiting', 'mild'],
        ]),
      ),
      ['SUSPECT_PANCREATITIS:urgent'],
    );
    const withBack = assess([
      ['abdominalPain', 'mild'],
      ['backPain', 'mild'],
    ]);
    assert.deepEqual(summary(withBack), ['SUSPECT_PANCREATITIS:urgent', 'SUSPECT_MUSCULOSKELETAL_EFFECT:warning']);
    assert.deepEqual(withCode(withBack, 'SUSPECT_PANCREATITIS').symptoms, ['abdominalPain', 'backPain']);
  });

  test('§4.4 [APP]: nausea/vomiting alone → SYMPTOM_NEEDS_REVIEW (warning; urgent when severe); not when a headache explains it', () => {
    assert.deepEqual(summary(assess([['nauseaVomiting', 'moderate']])), ['SYMPTOM_NEEDS_REVIEW:warning']);
    assert.deepEqual(summary(assess([['nauseaVomiting', 'severe']])), ['SYMPTOM_NEEDS_REVIEW:urgent']);
    assert.ok(
      !summary(
        assess([
          ['nauseaVomiting', 'severe'],
          ['headache', 'mild'],
        ]),
      ).some((item) => item.startsWith('SYMPTOM_NEEDS_REVIEW')),
    );
    assert.ok(
      !summary(
        assess([
          ['nauseaVomiting', 'mild'],
          ['jaundice', 'mild'],
        ]),
      ).some((item) => item.startsWith('SYMPTOM_NEEDS_REVIEW')),
    );
  });
});

describe('red flags: bowel, liver, eyes, ears', () => {
  test('§4.4: rectal bleeding or severe diarrhea, even mild → urgent SUSPECT_INFLAMMATORY_BOWEL_DISEASE (stop; refer)', () => {
    for (const symptom of ['rectalBleeding', 'severeDiarrhea'] as const) {
      const alerts = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(alerts), ['SUSPECT_INFLAMMATORY_BOWEL_DISEASE:urgent']);
      assert.match(alerts[0]?.recommendedAction ?? '', /Stop isotretinoin and refer/);
    }
  });

  test('§4.4: jaundice → urgent SUSPECT_HEPATITIS with liver tests; dark urine alone → warning; with right-upper pain → urgent', () => {
    const jaundice = assess([['jaundice', 'mild']]);
    assert.deepEqual(summary(jaundice), ['SUSPECT_HEPATITIS:urgent']);
    assert.match(jaundice[0]?.recommendedAction ?? '', /liver tests/);
    assert.deepEqual(summary(assess([['darkUrine', 'moderate']])), ['SUSPECT_HEPATITIS:warning']);
    assert.deepEqual(summary(assess([['rightUpperAbdominalPain', 'moderate']])), ['SUSPECT_HEPATITIS:warning']);
    assert.deepEqual(
      summary(
        assess([
          ['darkUrine', 'mild'],
          ['rightUpperAbdominalPain', 'mild'],
        ]),
      ),
      ['SUSPECT_HEPATITIS:urgent'],
    );
  });

  test('§4.4: decreased night vision, eye pain or blurred vision, even mild → urgent SUSPECT_OCULAR_TOXICITY with night-driving caution', () => {
    for (const symptom of ['decreasedNightVision', 'eyePain', 'blurredVision'] as const) {
      const alerts = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(alerts), ['SUSPECT_OCULAR_TOXICITY:urgent'], symptom);
      assert.match(alerts[0]?.recommendedAction ?? '', /ophthalmology/);
      assert.match(alerts[0]?.patientMessage ?? '', /driving at night/);
    }
  });

  test('§4.4: tinnitus or hearing loss, even mild → urgent SUSPECT_HEARING_IMPAIRMENT (audiology/ENT)', () => {
    const alerts = assess([
      ['tinnitus', 'mild'],
      ['hearingLoss', 'mild'],
    ]);
    assert.deepEqual(summary(alerts), ['SUSPECT_HEARING_IMPAIRMENT:urgent']);
    assert.deepEqual(alerts[0]?.symptoms, ['tinnitus', 'hearingLoss']);
    assert.match(alerts[0].recommendedAction, /audiology \/ ENT/);
  });
});

describe('red flags: psychiatric (links to R-MOOD-1/2)', () => {
  test('§4.4 R-MOOD-1: suicidal thoughts → SUICIDAL_IDEATION with 988 for the patient, and an urgent psychiatric reaction', () => {
    const alerts = assess([['suicidalThoughts', 'mild']]);
    assert.deepEqual(summary(alerts), ['SUICIDAL_IDEATION:urgent', 'SUSPECT_PSYCHIATRIC_REACTION:urgent']);
    const ideation = withCode(alerts, 'SUICIDAL_IDEATION');
    assert.equal(ideation.rule, 'R-MOOD-1');
    assert.match(ideation.patientMessage ?? '', /call or text 988/);
    assert.deepEqual(ideation.symptoms, ['suicidalThoughts']);
  });

  test('§4.4: hallucinations or aggression, even mild → urgent SUSPECT_PSYCHIATRIC_REACTION (stop; mental-health referral)', () => {
    for (const symptom of ['hallucinations', 'aggression'] as const) {
      const alerts = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(alerts), ['SUSPECT_PSYCHIATRIC_REACTION:urgent'], symptom);
      assert.match(alerts[0]?.recommendedAction ?? '', /Stop isotretinoin and refer to mental health/);
    }
  });

  test('§4.4 [APP]: depressed mood, crying or irritability mild → warning (PHQ-9 now); moderate → urgent', () => {
    for (const symptom of ['depressedMood', 'cryingSpells', 'irritability'] as const) {
      const mild = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(mild), ['SUSPECT_PSYCHIATRIC_REACTION:warning'], symptom);
      assert.match(mild[0]?.recommendedAction ?? '', /PHQ-9 now/);
      assert.deepEqual(summary(assess([[symptom, 'moderate']])), ['SUSPECT_PSYCHIATRIC_REACTION:urgent'], symptom);
    }
  });
});

describe('red flags: skin, allergy, muscles, glucose, blood', () => {
  test('§4.4: rash with fever, blisters or mucosal erosions, even mild → urgent SUSPECT_SEVERE_SKIN_REACTION (emergency)', () => {
    for (const symptom of ['rashWithFever', 'blisters', 'mucosalErosions'] as const) {
      const alerts = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(alerts), ['SUSPECT_SEVERE_SKIN_REACTION:urgent'], symptom);
      assert.match(alerts[0]?.recommendedAction ?? '', /emergency care/);
    }
  });

  test('§4.4 [APP]: skin peeling alone → warning; severe, or with a rash and fever → urgent', () => {
    assert.deepEqual(summary(assess([['skinPeeling', 'moderate']])), ['SUSPECT_SEVERE_SKIN_REACTION:warning']);
    assert.deepEqual(summary(assess([['skinPeeling', 'severe']])), ['SUSPECT_SEVERE_SKIN_REACTION:urgent']);
    const both = assess([
      ['skinPeeling', 'mild'],
      ['rashWithFever', 'mild'],
    ]);
    assert.deepEqual(summary(both), ['SUSPECT_SEVERE_SKIN_REACTION:urgent']);
    assert.deepEqual(both[0]?.symptoms, ['rashWithFever', 'skinPeeling']);
  });

  test('§4.4: hives, facial swelling, breathing difficulty or purpura, even mild → urgent SUSPECT_ALLERGIC_REACTION (emergency)', () => {
    for (const symptom of ['hives', 'facialSwelling', 'breathingDifficulty', 'purpura'] as const) {
      const alerts = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(alerts), ['SUSPECT_ALLERGIC_REACTION:urgent'], symptom);
      assert.match(alerts[0]?.patientMessage ?? '', /emergency care now/);
    }
  });

  test('§4.4: back or joint pain, muscle pain/weakness → warning SUSPECT_MUSCULOSKELETAL_EFFECT (evaluate, CK); severe weakness → urgent', () => {
    for (const symptom of ['backPain', 'jointPain', 'musclePainWeakness'] as const) {
      const alerts = assess([[symptom, 'moderate']]);
      assert.deepEqual(summary(alerts), ['SUSPECT_MUSCULOSKELETAL_EFFECT:warning'], symptom);
      assert.match(alerts[0]?.recommendedAction ?? '', /CK/);
    }
    const severe = assess([['musclePainWeakness', 'severe']]);
    assert.deepEqual(summary(severe), ['SUSPECT_MUSCULOSKELETAL_EFFECT:urgent']);
    assert.match(severe[0]?.recommendedAction ?? '', /check CK/);
  });

  test('§4.4: excess thirst or frequent urination → warning SUSPECT_HYPERGLYCEMIA (glucose test); both, one severe → urgent', () => {
    const thirst = assess([['excessThirst', 'severe']]);
    assert.deepEqual(summary(thirst), ['SUSPECT_HYPERGLYCEMIA:warning']);
    assert.match(thirst[0]?.recommendedAction ?? '', /Glucose test/);
    assert.deepEqual(
      summary(
        assess([
          ['excessThirst', 'moderate'],
          ['frequentUrination', 'moderate'],
        ]),
      ),
      ['SUSPECT_HYPERGLYCEMIA:warning'],
    );
    assert.deepEqual(
      summary(
        assess([
          ['excessThirst', 'mild'],
          ['frequentUrination', 'severe'],
        ]),
      ),
      ['SUSPECT_HYPERGLYCEMIA:urgent'],
    );
  });

  test('§4.4: shortness of breath or weakness → warning SUSPECT_ANEMIA (CBC); fainting or severe breathlessness → urgent', () => {
    const breath = assess([
      ['shortnessOfBreath', 'moderate'],
      ['generalWeakness', 'mild'],
    ]);
    assert.deepEqual(summary(breath), ['SUSPECT_ANEMIA:warning']);
    assert.match(breath[0]?.recommendedAction ?? '', /CBC/);
    assert.deepEqual(summary(assess([['fainting', 'mild']])), ['SUSPECT_ANEMIA:urgent']);
    assert.deepEqual(summary(assess([['shortnessOfBreath', 'severe']])), ['SUSPECT_ANEMIA:urgent']);
  });
});

describe('expected effects (education only)', () => {
  for (const symptom of EXPECTED) {
    test(`§4.4: ${symptom} mild → info EXPECTED_SIDE_EFFECT with self-care advice for the patient`, () => {
      const alerts = assess([[symptom, 'mild']]);
      assert.deepEqual(summary(alerts), ['EXPECTED_SIDE_EFFECT:info']);
      assert.deepEqual(alerts[0]?.symptoms, [symptom]);
      assert.equal(alerts[0].requiresNote, false);
      assert.ok((alerts[0].patientMessage ?? '').length > 40, 'education text');
    });
  }

  test('§4.4: dry lips education tells the patient what to do', () => {
    assert.match(assess([['dryLips', 'moderate']])[0]?.patientMessage ?? '', /lip balm/);
  });

  test('§4.4 [APP]: an expected effect rated severe → warning SEVERE_SIDE_EFFECT for prescriber review, education kept', () => {
    const alerts = assess([['acneFlare', 'severe']]);
    assert.deepEqual(summary(alerts), ['SEVERE_SIDE_EFFECT:warning']);
    assert.match(alerts[0]?.recommendedAction ?? '', /lower dose/);
    assert.match(alerts[0]?.patientMessage ?? '', /Acne can get worse/);
  });
});

describe('combining a log', () => {
  test('the same symptom twice counts once, at its worst severity', () => {
    const alerts = assess([
      ['headache', 'mild'],
      ['headache', 'severe'],
      ['headache', 'mild'],
    ]);
    assert.deepEqual(summary(alerts), ['SUSPECT_INTRACRANIAL_HYPERTENSION:urgent']);
    assert.deepEqual(alerts[0]?.symptoms, ['headache']);
  });

  test('alerts come most urgent first: urgent, then warnings, then information', () => {
    const alerts = assess([
      ['dryLips', 'mild'],
      ['jointPain', 'mild'],
      ['jaundice', 'mild'],
      ['drySkin', 'mild'],
    ]);
    assert.deepEqual(summary(alerts), [
      'SUSPECT_HEPATITIS:urgent',
      'SUSPECT_MUSCULOSKELETAL_EFFECT:warning',
      'EXPECTED_SIDE_EFFECT:info',
      'EXPECTED_SIDE_EFFECT:info',
    ]);
  });

  test('the message names what was reported and the possible cause', () => {
    const [alert] = assess([
      ['jaundice', 'mild'],
      ['darkUrine', 'mild'],
    ]);
    assert.equal(alert?.message, 'Reported: yellow skin or yellow eyes, dark urine. Possible hepatitis.');
  });

  test('property [APP] conservative: every red-flag symptom, at any severity, raises an urgent alert or a warning', () => {
    const redFlags = SYMPTOMS.filter((symptom) => !symptom.expected).map((symptom) => symptom.code);
    fc.assert(
      fc.property(fc.constantFrom(...redFlags), fc.constantFrom(...SYMPTOM_SEVERITIES), (symptom, severity) => {
        const alerts = assess([[symptom, severity]]);
        assert.ok(
          alerts.some((alert) => alert.severity !== 'info' && alert.symptoms.includes(symptom)),
          `${symptom} ${severity}`,
        );
      }),
    );
  });

  test('property: every urgent alert needs a note and is due today; nothing else needs a note', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...SYMPTOM_CODES), fc.constantFrom(...SYMPTOM_SEVERITIES)), { maxLength: 8 }), (log) => {
        for (const alert of assess(log)) {
          assert.equal(alert.requiresNote, alert.severity === 'urgent');
          if (alert.severity === 'urgent') {
            assert.equal(alert.acknowledgeBy, 'today');
          }
        }
      }),
    );
  });
});
