// The prescriber's monthly visit for a practice outside the US (issue 14, item 3): the same one
// page and one submit as in the US (domain/monthlyVisit.ts), with the parts the patient's program
// asks for, read from her status as that program derives it (programStatusElsewhere): the
// pregnancy test while one is needed, contraception while it is missing or too recent, no
// counseling (these programs have none: the acknowledgement form and assessments are their own
// facts), and the prescription. What is carried forward (the test's place, the methods, the dose)
// is the US page's.
import { compareDates, isOnOrBefore, type IsoDate } from '../dates.js';
import type { PatientFacts, Product } from '../facts.js';
import {
  CLINIC_TEST_DEFAULT,
  carriedDeclaration,
  declarationView,
  lastDeclaration,
  prescriptionPrefill,
  sameAsLastMonthView,
  type MonthlyVisitPlan,
} from '../monthlyVisit.js';
import type { PlannedDose } from '../dosing.js';
import type { ProgramStatus } from '../programStatus.js';
import type { ProgramConfig } from '../ruleSets.js';
import { PROGRAM_CONTRACEPTION_CODES, PROGRAM_LAPSED_CODES, PROGRAM_STOPPING_CODES, PROGRAM_TEST_CODES } from './reasonGroups.js';

export function monthlyVisitPlanElsewhere(
  facts: PatientFacts,
  dosePlan: { product: Product; steps: readonly PlannedDose[] } | null,
  today: IsoDate,
  config: ProgramConfig,
  status: ProgramStatus,
): MonthlyVisitPlan {
  const codes = new Set(status.blockers.map((blocker) => blocker.code));
  const stopping = status.blockers.filter((blocker) => PROGRAM_STOPPING_CODES.includes(blocker.code));
  const latest = <T>(items: readonly T[], date: (item: T) => IsoDate): T | undefined =>
    items
      .filter((item) => isOnOrBefore(date(item), today))
      .sort((a, b) => compareDates(date(a), date(b)))
      .at(-1);
  const lastTest = latest(
    facts.pregnancyTests.filter((test) => test.setting !== 'home'),
    (test) => test.specimenDate,
  );
  const place =
    lastTest === undefined
      ? { ...CLINIC_TEST_DEFAULT, placeFrom: 'clinicDefault' as const }
      : { setting: lastTest.setting, clia: lastTest.clia, placeFrom: 'lastTest' as const };
  const last = lastDeclaration(facts, today);
  const carried = carriedDeclaration(facts, today);
  const canGetPregnant = status.category === 'PCGP';
  const testDue = [...PROGRAM_TEST_CODES, ...PROGRAM_LAPSED_CODES].some((code) => codes.has(code));
  const contraceptionDue = PROGRAM_CONTRACEPTION_CODES.some((code) => codes.has(code));
  const prescriptionPending = codes.has('PRESCRIPTION_PENDING');
  const lastPrescription = latest(facts.prescriptions, (prescription) => prescription.writtenOn);
  return {
    today,
    available: stopping.length === 0,
    reasons: stopping,
    pregnancyTest: {
      state: !canGetPregnant ? 'notNeeded' : testDue ? 'due' : 'done',
      // Before the first dispense the program's pre-start test; after it, the month's.
      kind: !canGetPregnant ? null : status.dispenseCount === 0 ? 'screening' : 'monthly',
      doneOn: canGetPregnant && !testDue ? (lastTest?.specimenDate ?? null) : null,
      earliestOn: null,
      ...place,
    },
    contraception: {
      state: !canGetPregnant ? 'notNeeded' : contraceptionDue ? 'due' : 'done',
      doneOn: canGetPregnant && !contraceptionDue ? (last?.declaredOn ?? null) : null,
      last: declarationView(last),
      sameAsLastMonth: sameAsLastMonthView(carried),
    },
    counseling: { state: 'notNeeded', doneOn: null },
    prescription: {
      // The test and the prescription are recorded in the same submit, the test first: both due at once.
      state: prescriptionPending ? 'due' : lastPrescription !== undefined ? 'done' : 'notYet',
      doneOn: prescriptionPending ? null : (lastPrescription?.writtenOn ?? null),
      prefill: prescriptionPrefill(facts.prescriptions, dosePlan, today, config),
    },
  };
}
