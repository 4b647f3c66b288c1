// The month's visit in one form (issue 10): the draft the form shows (what this month needs, what
// is carried forward), and one submit that records every part — pregnancy test, contraception,
// counseling, prescription — in ONE transaction under the patient's row lock, each decided by the
// same function as its single route and audited under the same action. Any part refused refuses
// the whole, with every reason of every part; nothing is stored.
import { loadClinicalFacts } from '../../db/clinicalFacts.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import type { IsoDate } from '../../domain/dates.js';
import { reason, type Reason } from '../../domain/decision.js';
import type { ContraceptionMethod, PregnancyTestResult, PregnancyTestSetting, Product } from '../../domain/facts.js';
import { fillReadiness } from '../../domain/fillReadiness.js';
import { carriedDeclaration, monthlyTestKind, monthlyVisitPlan, type MonthlyVisitPlan } from '../../domain/monthlyVisit.js';
import { monthlyVisitPlanElsewhere } from '../../domain/programs/monthlyVisitElsewhere.js';
import type { Executor } from '../../db/executor.js';
import { patientStatusOf, usEngineJudges, type StatusSubject } from '../programs/patientStatus.js';
import { prescriptionPreview, type PrescriptionTermsForPreview } from '../../domain/prescriptionPreview.js';
import type { Actor, Services } from '../context.js';
import { ForbiddenError, InvalidInputError, RuleRefusal, type FieldError } from '../errors.js';
import { contraceptionIn } from './recordContraception.js';
import { counselingIn } from './recordCounseling.js';
import { pregnancyTestIn } from './recordPregnancyTest.js';
import { prescriptionIn } from './writePrescription.js';
import { patientStatusAnswer } from './readPatients.js';
import { withPatient, type PatientWork } from './patientTransaction.js';

export interface MonthlyVisitInput {
  /** The day the form was prepared for; it must be today. */
  visitOn: IsoDate;
  pregnancyTest?: { specimenDate: IsoDate; resultDate?: IsoDate; result: PregnancyTestResult; setting: Exclude<PregnancyTestSetting, 'home'>; clia: boolean };
  contraception?: { sameAsLastMonth: true } | { methods: ContraceptionMethod[]; abstinence: boolean; startedOn: IsoDate; takesEnzymeInducer?: boolean };
  counseling?: { counseledOn: IsoDate; modality?: 'inPerson' | 'telehealth' };
  prescription?: { product: Product; strengthMg: number; capsulesPerDay: number; daysSupply: number };
}

type Part = Exclude<keyof MonthlyVisitInput, 'visitOn'>;

/** Only the prescriber counsels and prescribes (§1.1); a delegate's form lacks these parts. */
function submittableParts(actor: Actor): Record<Part, boolean> {
  const prescriber = actor.role === 'prescriber';
  return { pregnancyTest: true, contraception: true, counseling: prescriber, prescription: prescriber };
}

/**
 * The same fact twice on one day is not a second month: when two care-team members submit the
 * same visit at once, the row lock makes the second see the first's facts and be refused here
 * (the safer choice, issue 10; a deliberate second entry goes through the single-fact forms).
 */
function alreadyRecorded(what: string, on: IsoDate): Reason {
  return reason(
    'ALREADY_RECORDED_TODAY',
    '§2.1',
    `${what} is already recorded for ${on}.`,
    'Reload the patient: someone else may have recorded this visit. Leave this part out, or use the single form under "Other records" for a deliberate second entry.',
  );
}

/** The month's parts by the patient's program: the US plan, or the plan from her program's status outside the US. */
async function visitPlanOf(db: Executor, subject: StatusSubject, dosePlan: Parameters<typeof monthlyVisitPlan>[1]): Promise<MonthlyVisitPlan> {
  const { facts, today, program } = subject;
  if (usEngineJudges(program)) {
    return monthlyVisitPlan(facts, dosePlan, today, program);
  }
  return monthlyVisitPlanElsewhere(facts, dosePlan, today, program, await patientStatusOf(db, subject));
}

export async function getMonthlyVisit(services: Services, actor: Actor, patientId: string) {
  return withPatient(
    services,
    actor,
    patientId,
    'record',
    'monthlyVisit.read',
    async ({ trx, patient, facts, today, program }) => {
      const clinical = await loadClinicalFacts(trx, patient.id, patient.practice_id);
      return {
        id: patient.id,
        ...(await visitPlanOf(trx, { patient, facts, today, program }, clinical.dosePlan)),
        canSubmit: submittableParts(actor),
        verdict: await patientStatusAnswer(trx, { patient, facts, today, program }),
      };
    },
    { readOnly: true },
  );
}

export async function recordMonthlyVisit(services: Services, actor: Actor, patientId: string, input: MonthlyVisitInput) {
  const parts = (['pregnancyTest', 'contraception', 'counseling', 'prescription'] as const).filter((part) => input[part] !== undefined);
  return withPatient(
    services,
    actor,
    patientId,
    'record',
    'monthlyVisit.record',
    async (work) => {
      const { trx, patient, today, program } = work;
      const forbidden = parts.filter((part) => !submittableParts(actor)[part]);
      if (forbidden.length > 0) {
        throw new ForbiddenError(`Only the prescriber confirms counseling and writes the prescription (${forbidden.join(', ')}).`);
      }
      if (input.visitOn !== today) {
        throw new InvalidInputError([
          {
            field: 'visitOn',
            code: 'NOT_TODAY',
            message: `This visit form was prepared for ${input.visitOn}; today is ${today}. Reload the page to record today's visit.`,
          },
        ]);
      }
      if (parts.length === 0) {
        throw new InvalidInputError([{ field: 'pregnancyTest', code: 'NOTHING_TO_RECORD', message: 'The visit records nothing: give at least one part.' }]);
      }
      const fields: FieldError[] = [];
      const reasons: Reason[] = [];
      const warnings: Reason[] = [];
      const recorded: Record<string, unknown> = {};
      const audited: Array<{ action: string; entityId: string }> = [];
      const before = work.facts;
      const readiness = fillReadiness(before, today, program);
      const clinical = await loadClinicalFacts(trx, patient.id, patient.practice_id);
      const plan = await visitPlanOf(trx, { patient, facts: before, today, program }, clinical.dosePlan);
      if (!plan.available) {
        throw new RuleRefusal('The monthly visit cannot be recorded', plan.reasons);
      }
      let facts = before;

      /** One part, decided by its own use case on the facts as they stand after the parts before it. */
      const run = async <R extends { id: string }>(part: Part, action: string, decideAndStore: (current: PatientWork) => Promise<R>): Promise<void> => {
        try {
          const result = await decideAndStore({ ...work, facts });
          recorded[part] = result;
          audited.push({ action, entityId: result.id });
          facts = await loadPatientFacts(trx, patient.id, today);
        } catch (error) {
          if (error instanceof InvalidInputError) {
            fields.push(...error.fields.map((field) => ({ ...field, field: `${part}/${field.field}` })));
            reasons.push(...error.reasons);
          } else if (error instanceof RuleRefusal) {
            reasons.push(...error.reasons);
            warnings.push(...error.warnings);
          } else {
            throw error;
          }
        }
      };

      const test = input.pregnancyTest;
      if (test !== undefined) {
        // Outside the US the plan names the kind (the pre-start test, or the month's); the US derives it from its window.
        const kind = usEngineJudges(program) ? monthlyTestKind(readiness.reasons, readiness.preTreatment) : (plan.pregnancyTest.kind ?? 'monthly');
        if (plan.pregnancyTest.state === 'notNeeded') {
          reasons.push(
            reason(
              'PREGNANCY_TEST_NOT_REQUIRED',
              'R-CAT-1',
              'The patient cannot get pregnant (category PCNGP): no pregnancy test is part of the visit.',
              'Leave the pregnancy test out of the visit.',
            ),
          );
        } else if (before.pregnancyTests.some((earlier) => earlier.kind === kind && earlier.specimenDate === test.specimenDate)) {
          reasons.push(alreadyRecorded(`A ${kind} pregnancy test collected on ${test.specimenDate}`, test.specimenDate));
        } else {
          await run('pregnancyTest', 'pregnancyTest.record', (current) =>
            pregnancyTestIn(current, services, actor, {
              kind,
              specimenDate: test.specimenDate,
              resultDate: test.resultDate ?? test.specimenDate,
              result: test.result,
              setting: test.setting,
              clia: test.clia,
            }),
          );
        }
      }

      const contraception = input.contraception;
      if (contraception !== undefined) {
        if (plan.contraception.state === 'notNeeded') {
          reasons.push(
            reason(
              'CONTRACEPTION_NOT_REQUIRED',
              'R-CAT-1',
              'The patient cannot get pregnant (category PCNGP): there is no contraception to confirm.',
              'Leave contraception out of the visit.',
            ),
          );
        } else if (before.contraception.some((declaration) => declaration.declaredOn === today)) {
          reasons.push(alreadyRecorded('A contraception declaration', today));
        } else if ('sameAsLastMonth' in contraception) {
          // Judged again today: the category and the rules may have changed since last month.
          const carried = carriedDeclaration(before, today);
          if (!carried.allowed) {
            reasons.push(...carried.reasons);
          } else {
            const { declaredOn, methods, abstinence, startedOn, takesEnzymeInducer } = carried.declaration;
            await run('contraception', 'contraception.record', (current) =>
              contraceptionIn(current, actor, { declaredOn, methods, abstinence, startedOn, takesEnzymeInducer }),
            );
          }
        } else {
          await run('contraception', 'contraception.record', (current) => contraceptionIn(current, actor, { declaredOn: today, ...contraception }));
        }
      }

      const counseling = input.counseling;
      if (counseling !== undefined) {
        if (plan.counseling.state === 'notNeeded') {
          reasons.push(
            reason(
              'COUNSELING_NOT_IN_PROGRAM',
              'PPP-FU-1',
              "The patient's program has no monthly counseling record (its forms and assessments are recorded on their own).",
              'Leave counseling out of the visit.',
            ),
          );
        } else if (before.counselings.some((earlier) => earlier.counseledOn === counseling.counseledOn)) {
          reasons.push(alreadyRecorded('Counseling', counseling.counseledOn));
        } else {
          await run('counseling', 'counseling.record', (current) =>
            counselingIn(current, actor, { counseledOn: counseling.counseledOn, modality: counseling.modality ?? 'inPerson' }),
          );
        }
      }

      const prescription = input.prescription;
      if (prescription !== undefined) {
        if (test?.result === 'positive') {
          reasons.push(
            reason(
              'PRESCRIPTION_WITH_POSITIVE_TEST',
              'R-PREG-1',
              'A positive pregnancy test stops all treatment: no prescription is written with it.',
              'Record the test without the prescription.',
            ),
          );
        } else if (plan.prescription.state === 'done') {
          reasons.push(alreadyRecorded("This month's prescription", plan.prescription.doneOn ?? today));
        } else {
          await run('prescription', 'prescription.write', (current) =>
            prescriptionIn(current, services, actor, {
              writtenOn: today,
              ...prescription,
              // The quantity is what the days need and refills are always 0 (R-RX-2): neither is asked.
              quantity: prescription.capsulesPerDay * prescription.daysSupply,
              refills: 0,
            }),
          );
        }
      }

      if (fields.length > 0) {
        throw new InvalidInputError(fields, reasons);
      }
      if (reasons.length > 0) {
        throw new RuleRefusal('The monthly visit cannot be recorded', reasons, warnings);
      }
      return {
        id: patient.id,
        recorded,
        audited,
        /** The same shape as GET /patients/{id}/status. */
        verdict: await patientStatusAnswer(trx, { patient, facts, today, program }),
      };
    },
    { auditEach: (result) => result.audited },
  );
}

export async function previewPrescription(services: Services, actor: Actor, patientId: string, terms: PrescriptionTermsForPreview) {
  return withPatient(
    services,
    actor,
    patientId,
    'record',
    'prescriptionPreview.read',
    async ({ trx, patient, facts, today }) => {
      const clinical = await loadClinicalFacts(trx, patient.id, patient.practice_id);
      return { id: patient.id, asOf: today, ...terms, ...prescriptionPreview(facts, clinical, terms, today) };
    },
    { readOnly: true },
  );
}
