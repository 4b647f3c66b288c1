// The clinical picture of one patient on a date, derived from the facts: cumulative dose and its
// projection (§3.3), every lab classified and the next one due (§4.1–4.2), mood (§4.3), symptoms
// (§4.4), interactions (§5), and every alert with whether the prescriber has acknowledged it.
// Each alert has a stable key naming the fact that raised it, so an acknowledgement (a fact of its
// own) attaches to exactly that alert.
import { alert, sortAlerts, type Alert } from './alerts.js';
import { countedMissedDoses, missedDoseReports, type MissedDoseFact, type MissedDoseReportView } from './missedDoses.js';
import { cumulativeDose, type CumulativeDoseReport, type MissedDoses, type SupplyPeriod } from './cumulativeDose.js';
import { compareDates, isBefore, isOnOrBefore, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { PlannedDose, WeightBasis } from './dosing.js';
import type { PatientFacts, Product } from './facts.js';
import { categoryOn, endedCourse } from './course.js';
import { applyOverrides, checkInteractions, type InteractionCheck, type InteractionOverride } from './interactions.js';
import { classifyLabResult, nextLabDue, type LabClassification, type LabResult, type NextLabDue } from './labs.js';
import { assessPhq9, psychiatricHistoryAlerts, type Phq9Assessment, type PsychiatricHistory } from './mood.js';
import { assessSymptoms, type SymptomEntry } from './symptoms.js';

/** Baseline risk flags the prescriber notes (R-MOOD-3; lab high-risk group of §4.1). */
export const RISK_FLAGS = [
  'depressionHistory',
  'psychosisHistory',
  'suicideAttemptHistory',
  'familyPsychiatricHistory',
  'diabetes',
  'obesity',
  'heavyAlcoholUse',
  'lipidDisorder',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

const LAB_HIGH_RISK: readonly RiskFlag[] = ['diabetes', 'obesity', 'heavyAlcoholUse', 'lipidDisorder'];

export interface ClinicalFacts {
  weights: { measuredOn: IsoDate; weightKg: number }[];
  /** The dose plan in force (the latest version), if the prescriber made one. */
  dosePlan: { product: Product; steps: PlannedDose[]; targetMgPerKg: number; weightBasis: WeightBasis } | null;
  /** The practice's default cumulative target, used when there is no plan. */
  defaultTargetMgPerKg: number;
  /** Missed days: the care team's (counted at once) and the patient's reports (counted once confirmed): domain/missedDoses.ts. */
  missedDoses: MissedDoseFact[];
  riskFlags: RiskFlag[];
  labs: { id: string; result: LabResult }[];
  phq9: { id: string; answeredOn: IsoDate; answers: number[] }[];
  symptomReports: { id: string; reportedOn: IsoDate; entries: SymptomEntry[] }[];
  medications: { id: string; freeText: string; startedOn: IsoDate | null; stoppedOn: IsoDate | null }[];
  interactionOverrides: InteractionOverride[];
  acknowledgements: { alertKey: string; note: string | null; recordedAt: string }[];
}

export interface RaisedAlert extends Alert {
  key: string;
  source: 'phq9' | 'symptoms' | 'lab' | 'history';
  raisedOn: IsoDate;
  acknowledgement: { note: string | null; at: string } | null;
}

export interface ClinicalReview {
  asOf: IsoDate;
  product: Product | null;
  firstDoseOn: IsoDate | null;
  cumulative: CumulativeDoseReport | null;
  labs: { id: string; result: LabResult; classification: LabClassification }[];
  nextLab: NextLabDue;
  latestMood: (Phq9Assessment & { answeredOn: IsoDate }) | null;
  /** Every PHQ-9 to date, oldest first: its total, band and item 9 (for a timeline or a chart). */
  moodHistory: { answeredOn: IsoDate; total: number; band: Phq9Assessment['score']['band']; item9: number }[];
  interactions: InteractionCheck;
  /** Every alert ever raised, most urgent first, acknowledged or not. */
  alerts: RaisedAlert[];
  /** The alerts still waiting for the prescriber. */
  openAlerts: RaisedAlert[];
  /** Missed days the patient reported, waiting ones first: the care team confirms or declines each. */
  missedDoseReports: MissedDoseReportView[];
}

/** The daily doses actually dispensed: each dispense covers its days' supply (§3.3). */
export function dispensedSupplies(facts: PatientFacts): SupplyPeriod[] {
  return facts.authorizations
    .flatMap((authorization) => {
      const prescription = facts.prescriptions.find((candidate) => candidate.id === authorization.prescriptionId);
      const dispense = authorization.dispense;
      return dispense === null || prescription === undefined
        ? []
        : [{ from: dispense.dispensedOn, days: dispense.daysSupply, dailyMg: prescription.strengthMg * prescription.capsulesPerDay }];
    })
    .sort((a, b) => compareDates(a.from, b.from));
}

function labAlert(id: string, classification: LabClassification, collectedOn: IsoDate): Omit<RaisedAlert, 'acknowledgement'> | null {
  if (classification.band !== 'act' && classification.band !== 'stop' && !classification.flags.includes('PRESCRIBER_OVERRIDE_REQUIRED')) {
    return null;
  }
  const first = classification.reasons[0];
  const base = alert(
    first?.code ?? `${classification.analyte.toUpperCase()}_${classification.band.toUpperCase()}`,
    first?.rule ?? '§4.2',
    classification.band === 'stop' ? 'urgent' : 'warning',
    classification.reasons.map((reason) => reason.message).join(' '),
    classification.reasons.map((reason) => reason.action).join(' '),
    { acknowledgeBy: classification.band === 'stop' ? 'today' : 'beforeNextAuthorization' },
  );
  return { ...base, key: `lab:${id}:${base.code}`, source: 'lab', raisedOn: collectedOn };
}

/**
 * The weights the course is dosed on (§3.3): the one at (or before) the first dose, else the
 * first recorded, and the latest; undefined when none is recorded.
 */
export function courseWeights(clinical: Pick<ClinicalFacts, 'weights'>, firstDoseOn: IsoDate | null, today: IsoDate) {
  const weights = [...clinical.weights].filter((w) => isOnOrBefore(w.measuredOn, today)).sort((a, b) => compareDates(a.measuredOn, b.measuredOn));
  const startWeight = (firstDoseOn === null ? undefined : weights.filter((w) => isOnOrBefore(w.measuredOn, firstDoseOn)).at(-1)) ?? weights[0];
  return { startWeight, latestWeight: weights.at(-1) };
}

export function clinicalReview(program: PatientFacts, clinical: ClinicalFacts, today: IsoDate): ClinicalReview {
  const supplies = dispensedSupplies(program).filter((supply) => isOnOrBefore(supply.from, today));
  const firstDoseOn = supplies[0]?.from ?? null;
  const latestPrescription = [...program.prescriptions].sort((a, b) => compareDates(a.writtenOn, b.writtenOn)).at(-1);
  const product = clinical.dosePlan?.product ?? latestPrescription?.product ?? null;
  const { startWeight, latestWeight } = courseWeights(clinical, firstDoseOn, today);

  const cumulative =
    product === null || startWeight === undefined || latestWeight === undefined
      ? null
      : cumulativeDose({
          product,
          weightAtCourseStartKg: startWeight.weightKg,
          latestWeightKg: latestWeight.weightKg,
          weightBasis: clinical.dosePlan?.weightBasis ?? 'courseStart',
          supplies,
          missed: countedMissedDoses(clinical.missedDoses).map((missed): MissedDoses => ({ from: missed.from, to: missed.to })),
          plannedSteps: clinical.dosePlan?.steps ?? [],
          targetMgPerKg: clinical.dosePlan?.targetMgPerKg ?? clinical.defaultTargetMgPerKg,
          today,
        });

  const raised: Omit<RaisedAlert, 'acknowledgement'>[] = [];

  const labs = clinical.labs
    .filter((lab) => isOnOrBefore(lab.result.collectedOn, today))
    .sort((a, b) => compareDates(a.result.collectedOn, b.result.collectedOn))
    .map((lab) => {
      const classification = classifyLabResult(lab.result, {
        // Drawn on the day of the first dispense = drawn before the first capsule, as the lab
        // schedule (nextLabDue) counts it: a baseline.
        beforeFirstDose: firstDoseOn === null || isOnOrBefore(lab.result.collectedOn, firstDoseOn),
      });
      const labRaised = labAlert(lab.id, classification, lab.result.collectedOn);
      if (labRaised !== null) {
        raised.push(labRaised);
      }
      return { ...lab, classification };
    });

  const doseChanges = supplies
    .filter((supply, index) => index === 0 || supplies[index - 1]?.dailyMg !== supply.dailyMg)
    .map((supply) => ({ on: supply.from, dailyMg: supply.dailyMg }));
  const targetDailyMg = clinical.dosePlan?.steps.at(-1)?.dailyMg;
  const nextLab = nextLabDue({
    firstDoseOn,
    results: labs.map((lab) => lab.result),
    doseChanges,
    targetDailyDoseReachedOn: targetDailyMg === undefined ? null : (supplies.find((supply) => supply.dailyMg >= targetDailyMg)?.from ?? null),
    highRisk: clinical.riskFlags.some((flag) => LAB_HIGH_RISK.includes(flag)),
    courseEndedOn: endedCourse(program, today)?.lastDoseOn ?? null,
    today,
  });

  const questionnaires = clinical.phq9.filter((response) => isOnOrBefore(response.answeredOn, today)).sort((a, b) => compareDates(a.answeredOn, b.answeredOn));
  let latestMood: ClinicalReview['latestMood'] = null;
  const moodHistory: ClinicalReview['moodHistory'] = [];
  questionnaires.forEach((response, index) => {
    const assessment = assessPhq9(
      response.answers,
      questionnaires.slice(0, index).map((earlier) => earlier.answers),
    );
    latestMood = { ...assessment, answeredOn: response.answeredOn };
    const { total, band, item9 } = assessment.score;
    moodHistory.push({ answeredOn: response.answeredOn, total, band, item9 });
    for (const moodAlert of assessment.alerts) {
      raised.push({ ...moodAlert, key: `phq9:${response.id}:${moodAlert.code}`, source: 'phq9', raisedOn: response.answeredOn });
    }
  });

  const history: PsychiatricHistory = {
    depression: clinical.riskFlags.includes('depressionHistory'),
    psychosis: clinical.riskFlags.includes('psychosisHistory'),
    suicideAttempt: clinical.riskFlags.includes('suicideAttemptHistory'),
    familyHistory: clinical.riskFlags.includes('familyPsychiatricHistory'),
  };
  for (const historyAlert of psychiatricHistoryAlerts(history)) {
    raised.push({ ...historyAlert, key: `history:${historyAlert.code}`, source: 'history', raisedOn: today });
  }

  for (const report of clinical.symptomReports.filter((r) => isOnOrBefore(r.reportedOn, today))) {
    for (const symptomAlert of assessSymptoms(report.entries)) {
      raised.push({ ...symptomAlert, key: `symptoms:${report.id}:${symptomAlert.code}`, source: 'symptoms', raisedOn: report.reportedOn });
    }
  }

  const category = categoryOn(program, today)?.category ?? 'PCGP';
  const latestDeclaration = [...program.contraception].sort((a, b) => compareDates(a.declaredOn, b.declaredOn)).at(-1);
  const activeMedications = clinical.medications.filter(
    (medication) =>
      (medication.startedOn === null || isOnOrBefore(medication.startedOn, today)) && (medication.stoppedOn === null || isBefore(today, medication.stoppedOn)),
  );
  const interactions = applyOverrides(
    checkInteractions({
      medications: activeMedications.map((medication) => medication.freeText),
      contraceptionMethods: latestDeclaration?.methods ?? [],
      category,
    }),
    clinical.interactionOverrides,
  );

  const alerts = sortAlerts(
    raised.map((item): RaisedAlert => {
      const acknowledgement = clinical.acknowledgements.find((candidate) => candidate.alertKey === item.key);
      return { ...item, acknowledgement: acknowledgement === undefined ? null : { note: acknowledgement.note, at: acknowledgement.recordedAt } };
    }),
  );
  return {
    asOf: today,
    product,
    firstDoseOn,
    cumulative,
    labs,
    nextLab,
    latestMood,
    moodHistory,
    interactions,
    alerts,
    openAlerts: alerts.filter((item) => item.acknowledgement === null),
    missedDoseReports: missedDoseReports(clinical.missedDoses),
  };
}

/**
 * What the clinical picture says against writing a new prescription now: an interaction that
 * blocks until overridden or stopped (§5, T-42); an urgent alert the prescriber has not yet
 * acknowledged (R-MOOD-1, R-MOOD-2, §4.4, §4.2 stop band); a baseline triglyceride level at which the
 * course must not start without the prescriber's override (§4.2). Dispensing is never blocked by
 * these directly: the prescriber decides, on the record.
 */
export function clinicalPrescriptionReasons(review: ClinicalReview): Reason[] {
  const reasons: Reason[] = review.interactions.blocks.map((block) => reason(block.code, block.rule, block.message, block.action));
  for (const open of review.openAlerts) {
    if (open.severity === 'urgent' || open.code === 'BASELINE_TRIGLYCERIDES_DO_NOT_START') {
      reasons.push(
        reason(
          'ALERT_NOT_ACKNOWLEDGED',
          open.rule,
          `${open.message} (alert ${open.code} of ${open.raisedOn}, not yet acknowledged).`,
          `${open.recommendedAction} Then acknowledge the alert${open.requiresNote ? ' with a note' : ''}.`,
        ),
      );
    }
  }
  return reasons;
}
