// The month's visit for the care team (issue 10): which items this month still needs, derived from
// the facts by the same analysis the fill verdict uses (fillReadiness, programStatus), and what
// the form can carry forward (the last test's setting, last month's methods, last month's
// prescription and the dose plan). Nothing here is a clinical result: a test's result is never
// prefilled.
import { sameMethodsAsLastMonth, type CarryForward } from './contraception.js';
import { categoryOn, episodeStart } from './course.js';
import { compareDates, isBefore, isOnOrBefore, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import { capsuleCombinations, type PlannedDose } from './dosing.js';
import type { ContraceptionDeclaration, PatientFacts, PregnancyTestKind, PregnancyTestSetting, Prescription, Product } from './facts.js';
import { fillReadiness } from './fillReadiness.js';
import { PRODUCT_STRENGTHS_MG } from './prescription.js';
import { programStatus } from './programStatus.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

/**
 * Where the visit's test is done when the patient has no earlier test to carry it from: at the
 * clinic, CLIA-waived/certified. It describes the place, not a result; the form shows it and the
 * user can change it. (The safer choice would be no default at all, but a wrong place is visible
 * and checked by the rules — a non-CLIA test is refused or warned about by qualifyPregnancyTest.)
 */
export const CLINIC_TEST_DEFAULT: { setting: PregnancyTestSetting; clia: boolean } = { setting: 'clinic', clia: true };

/** due: this month needs it; done: recorded for this month; notYet: not possible before a date or another item; notNeeded: not for this patient. */
export type VisitItemState = 'due' | 'done' | 'notYet' | 'notNeeded';

export interface PrescriptionPrefill {
  /** Null when nothing is known to start from (first prescription without a dose plan). */
  product: Product | null;
  strengthMg: number | null;
  capsulesPerDay: number | null;
  daysSupply: number;
  /** Where the figures come from, for the form's hint. */
  source: 'lastPrescription' | 'dosePlan' | 'lastPrescriptionAndDosePlan' | 'none';
}

export interface MonthlyVisitPlan {
  today: IsoDate;
  /** False when the month has no visit items (not enrolled, pregnancy hold, course ended): `reasons` say why. */
  available: boolean;
  reasons: Reason[];
  pregnancyTest: {
    state: VisitItemState;
    /** The kind the server records, derived from the facts (screening, confirmation, monthly). */
    kind: PregnancyTestKind | null;
    /** The specimen date of the test that opened this month's window, when done. */
    doneOn: IsoDate | null;
    /** When notYet: the first day a test can open the window. */
    earliestOn: IsoDate | null;
    /** Carried from the last test (not a home test), else the clinic default. */
    setting: PregnancyTestSetting;
    clia: boolean;
    placeFrom: 'lastTest' | 'clinicDefault';
  };
  contraception: {
    state: VisitItemState;
    /** This month's latest accepted declaration, when done. */
    doneOn: IsoDate | null;
    /** The declaration "Same methods as last month" would carry. */
    last: Omit<ContraceptionDeclaration, 'recordedAt'> | null;
    sameAsLastMonth: { allowed: true } | { allowed: false; reasons: Reason[] };
  };
  counseling: { state: VisitItemState; doneOn: IsoDate | null };
  prescription: { state: VisitItemState; doneOn: IsoDate | null; prefill: PrescriptionPrefill };
}

const TEST_PENDING = ['SCREENING_TEST_PENDING', 'CONFIRMATION_TEST_PENDING', 'MONTHLY_TEST_PENDING', 'WINDOW_CLOSED', 'TEST_OUTSIDE_WINDOW'];

function byRecorded<T extends { recordedAt: string }>(date: (item: T) => IsoDate) {
  return (a: T, b: T): number => compareDates(date(a), date(b)) || a.recordedAt.localeCompare(b.recordedAt);
}

/** The latest declaration on or before `today`, accepted or not: what "last month" said. */
export function lastDeclaration(facts: PatientFacts, today: IsoDate): ContraceptionDeclaration | null {
  return (
    [...facts.contraception]
      .filter((d) => isOnOrBefore(d.declaredOn, today))
      .sort(byRecorded((d) => d.declaredOn))
      .at(-1) ?? null
  );
}

/**
 * "Same methods as last month" for this patient today: the last declaration since the current
 * qualification began (a change to PCGP or a restart starts it again, R-CAT-2, R-END-4), checked
 * again under today's rules — the same function the patient's own confirmation uses.
 */
export function carriedDeclaration(facts: PatientFacts, today: IsoDate): CarryForward {
  if (categoryOn(facts, today)?.category !== 'PCGP') {
    return {
      allowed: false,
      reasons: [
        reason(
          'CONTRACEPTION_NOT_REQUIRED',
          'R-CAT-1',
          'The patient cannot get pregnant (category PCNGP): there is no contraception to confirm.',
          'Leave contraception out of the visit.',
        ),
      ],
      warnings: [],
    };
  }
  return sameMethodsAsLastMonth(facts.contraception, today, episodeStart(facts, today)?.startedOn ?? null);
}

/** The kind of test this month needs, derived from the facts, never asked. */
export function monthlyTestKind(reasons: readonly Reason[], preTreatment: boolean): PregnancyTestKind {
  if (reasons.some((r) => r.code === 'SCREENING_TEST_PENDING')) {
    return 'screening';
  }
  return preTreatment ? 'confirmation' : 'monthly';
}

/**
 * Last month's prescription, adjusted to the dose plan's step in force today when the plan is for
 * the same product and one strength makes that dose; the days' supply is at most the rule set's
 * maximum (R-RX-1). Without a last prescription, the dose plan alone (when one strength makes it).
 */
export function prescriptionPrefill(
  prescriptions: readonly Prescription[],
  dosePlan: { product: Product; steps: readonly PlannedDose[] } | null,
  today: IsoDate,
  config: ProgramConfig,
): PrescriptionPrefill {
  const maxDays = ruleSetOn(today, config).maxDaysSupply;
  const last =
    [...prescriptions]
      .filter((p) => isOnOrBefore(p.writtenOn, today))
      .sort(byRecorded((p) => p.writtenOn))
      .at(-1) ?? null;
  const step =
    dosePlan === null
      ? undefined
      : ([...dosePlan.steps]
          .filter((s) => isOnOrBefore(s.from, today))
          .sort((a, b) => compareDates(a.from, b.from))
          .at(-1) ?? dosePlan.steps[0]);
  const daysSupply = Math.min(maxDays, last?.daysSupply ?? maxDays);
  const planned = (product: Product, preferredStrength: number | null): { strengthMg: number; capsulesPerDay: number } | null => {
    if (step === undefined) {
      return null;
    }
    if (preferredStrength !== null && PRODUCT_STRENGTHS_MG[product].includes(preferredStrength) && step.dailyMg % preferredStrength === 0) {
      return { strengthMg: preferredStrength, capsulesPerDay: step.dailyMg / preferredStrength };
    }
    const combination = capsuleCombinations(product, step.dailyMg);
    const line = combination?.capsules[0];
    // A dose made of two strengths needs two prescriptions: nothing is guessed, the prescriber chooses.
    return combination !== null && combination.capsules.length === 1 && combination.totalMg === step.dailyMg && line !== undefined
      ? { strengthMg: line.strengthMg, capsulesPerDay: line.count }
      : null;
  };
  if (last !== null) {
    const fromPlan = dosePlan !== null && dosePlan.product === last.product ? planned(last.product, last.strengthMg) : null;
    return fromPlan === null || fromPlan.strengthMg * fromPlan.capsulesPerDay === last.strengthMg * last.capsulesPerDay
      ? { product: last.product, strengthMg: last.strengthMg, capsulesPerDay: last.capsulesPerDay, daysSupply, source: 'lastPrescription' }
      : { product: last.product, ...fromPlan, daysSupply, source: 'lastPrescriptionAndDosePlan' };
  }
  if (dosePlan !== null) {
    const fromPlan = planned(dosePlan.product, null);
    return {
      product: dosePlan.product,
      strengthMg: fromPlan?.strengthMg ?? null,
      capsulesPerDay: fromPlan?.capsulesPerDay ?? null,
      daysSupply,
      source: 'dosePlan',
    };
  }
  return { product: null, strengthMg: null, capsulesPerDay: null, daysSupply, source: 'none' };
}

/** This month's visit: what is due, what is done, what the form carries forward. */
/** The last declaration as the visit shows it (what "same methods as last month" would carry). */
export function declarationView(last: ContraceptionDeclaration | null): MonthlyVisitPlan['contraception']['last'] {
  return last === null
    ? null
    : {
        declaredOn: last.declaredOn,
        methods: last.methods,
        abstinence: last.abstinence,
        startedOn: last.startedOn,
        takesEnzymeInducer: last.takesEnzymeInducer,
        enteredBy: last.enteredBy,
      };
}

/** Whether "same methods as last month" can be recorded today, and why not. */
export function sameAsLastMonthView(carried: CarryForward): MonthlyVisitPlan['contraception']['sameAsLastMonth'] {
  return carried.allowed ? { allowed: true } : { allowed: false, reasons: carried.reasons };
}

export function monthlyVisitPlan(
  facts: PatientFacts,
  dosePlan: { product: Product; steps: readonly PlannedDose[] } | null,
  today: IsoDate,
  config: ProgramConfig,
): MonthlyVisitPlan {
  const readiness = fillReadiness(facts, today, config);
  const status = programStatus(facts, today, config);
  const codes = new Set(readiness.reasons.map((r) => r.code));
  const category = readiness.category?.category ?? null;
  const lastTest = [...facts.pregnancyTests]
    .filter((t) => isOnOrBefore(t.specimenDate, today) && t.setting !== 'home')
    .sort(byRecorded((t) => t.specimenDate))
    .at(-1);
  const place =
    lastTest === undefined
      ? { ...CLINIC_TEST_DEFAULT, placeFrom: 'clinicDefault' as const }
      : { setting: lastTest.setting, clia: lastTest.clia, placeFrom: 'lastTest' as const };
  const stopping = readiness.reasons.filter((r) => ['PATIENT_NOT_ENROLLED', 'PREGNANCY_HOLD', 'COURSE_ENDED'].includes(r.code));
  const last = lastDeclaration(facts, today);
  const carried = carriedDeclaration(facts, today);
  const prefill = prescriptionPrefill(facts.prescriptions, dosePlan, today, config);
  const notNeeded = { state: 'notNeeded' as const, doneOn: null };
  const plan: MonthlyVisitPlan = {
    today,
    available: stopping.length === 0,
    reasons: stopping,
    pregnancyTest: { ...notNeeded, kind: null, earliestOn: null, ...place },
    contraception: {
      ...notNeeded,
      last: declarationView(last),
      sameAsLastMonth: sameAsLastMonthView(carried),
    },
    counseling: notNeeded,
    prescription: { ...notNeeded, prefill },
  };
  if (!plan.available) {
    return plan;
  }
  let testBlocksPrescription = false;
  if (category === 'PCGP') {
    const kind = monthlyTestKind(readiness.reasons, readiness.preTreatment);
    const pending = TEST_PENDING.some((code) => codes.has(code)) || readiness.window === null;
    const confirmation = readiness.reasons.find((r) => r.code === 'CONFIRMATION_TEST_PENDING');
    const earliestOn = confirmation?.earliestChangeDate ?? null;
    const notYet = kind !== 'screening' && earliestOn !== null && isBefore(today, earliestOn);
    plan.pregnancyTest = {
      ...plan.pregnancyTest,
      state: pending ? (notYet ? 'notYet' : 'due') : 'done',
      kind,
      doneOn: pending ? null : (readiness.window?.opensOn ?? null),
      earliestOn: notYet ? earliestOn : null,
    };
    testBlocksPrescription = kind === 'screening' || notYet;
    const declaredInMonth = facts.contraception
      .filter(
        (d) =>
          readiness.monthFrom !== null &&
          isOnOrBefore(d.declaredOn, today) &&
          (readiness.preTreatment ? !isBefore(d.declaredOn, readiness.monthFrom) : isBefore(readiness.monthFrom, d.declaredOn)),
      )
      .sort(byRecorded((d) => d.declaredOn))
      .at(-1);
    plan.contraception = {
      ...plan.contraception,
      state: codes.has('CONTRACEPTION_PENDING') ? 'due' : 'done',
      doneOn: codes.has('CONTRACEPTION_PENDING') ? null : (declaredInMonth?.declaredOn ?? null),
    };
  }
  plan.counseling = codes.has('COUNSELING_PENDING') ? { state: 'due', doneOn: null } : { state: 'done', doneOn: readiness.latestCounselingInMonth };
  const prescriptionPending = status.blockers.some((r) => r.code === 'PRESCRIPTION_PENDING');
  const thisMonths = [...facts.prescriptions]
    .filter((p) => isOnOrBefore(p.writtenOn, today))
    .sort(byRecorded((p) => p.writtenOn))
    .at(-1);
  plan.prescription = {
    state: prescriptionPending
      ? testBlocksPrescription
        ? 'notYet'
        : 'due'
      : status.activeAuthorization !== null || thisMonths !== undefined
        ? 'done'
        : 'notYet',
    doneOn: prescriptionPending ? null : (thisMonths?.writtenOn ?? null),
    prefill,
  };
  return plan;
}
