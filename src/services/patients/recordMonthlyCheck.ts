// The patient's own part of the month in one request (R-CMP-1): the outcome of this month's
// comprehension questions and her confirmation that she still uses the two methods she declared
// last (carried forward with their original start date, checked again under today's rules). Both
// facts, each with its audit row, are written in one transaction, or nothing is when either is
// refused. The question bank is the program's: only the outcome and its date are kept.
import { sameMethodsAsLastMonth } from '../../domain/contraception.js';
import { categoryOn, episodeStart } from '../../domain/course.js';
import { reason } from '../../domain/decision.js';
import type { Actor, Services } from '../context.js';
import { writeAudit } from '../audit.js';
import { RuleRefusal } from '../errors.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from './patientTransaction.js';

export interface MonthlyCheckInput {
  checkedOn: string;
  /** The outcome of the questions, scored by the page; absent when only the methods are confirmed. */
  comprehensionPassed?: boolean;
  /** "I still use the methods I declared last": absent when only the questions are sent. */
  confirmsSameContraception?: true;
}

export async function recordMonthlyCheck(services: Services, actor: Actor, patientId: string, input: MonthlyCheckInput) {
  const action = input.comprehensionPassed === undefined ? 'contraception.record' : 'comprehension.record';
  return withPatient(services, actor, patientId, 'patientEntry', action, async ({ trx, facts, patient, today }) => {
    const problems = datesNotInFuture(today, { checkedOn: input.checkedOn });
    if (input.comprehensionPassed === undefined && input.confirmsSameContraception === undefined) {
      problems.push({
        field: 'comprehensionPassed',
        code: 'NOTHING_TO_RECORD',
        message: 'Send the outcome of the questions, the confirmation of the methods, or both.',
      });
    }
    throwIfProblems(problems);

    let carried: ReturnType<typeof sameMethodsAsLastMonth> | null = null;
    if (input.confirmsSameContraception === true) {
      if (categoryOn(facts, input.checkedOn)?.category !== 'PCGP') {
        throw new RuleRefusal('No contraception confirmation is needed', [
          reason(
            'CONTRACEPTION_NOT_REQUIRED',
            'R-CON-1',
            'The program asks for a contraception confirmation only from patients who can get pregnant.',
            'Send the questions without the confirmation.',
          ),
        ]);
      }
      carried = sameMethodsAsLastMonth(facts.contraception, input.checkedOn, episodeStart(facts, input.checkedOn)?.startedOn ?? null);
      if (!carried.allowed) {
        throw new RuleRefusal('The methods declared last cannot be confirmed as they are', carried.reasons, carried.warnings);
      }
    }

    let comprehension: { id: string; answeredOn: string; passed: boolean } | null = null;
    if (input.comprehensionPassed !== undefined) {
      const row = await trx
        .insertInto('comprehension_checks')
        .values({ patient_id: patient.id, answered_on: input.checkedOn, passed: input.comprehensionPassed, recorded_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      comprehension = { id: row.id, answeredOn: input.checkedOn, passed: input.comprehensionPassed };
    }

    let contraception: { id: string; declaredOn: string; methods: string[]; abstinence: boolean; startedOn: string } | null = null;
    if (carried !== null) {
      const declaration = carried.declaration;
      const row = await trx
        .insertInto('contraception_declarations')
        .values({
          patient_id: patient.id,
          declared_on: declaration.declaredOn,
          methods: declaration.methods,
          abstinence: declaration.abstinence,
          started_on: declaration.startedOn,
          takes_enzyme_inducer: declaration.takesEnzymeInducer,
          entered_by: actor.role === 'patient' ? 'patient' : actor.role === 'delegate' ? 'delegate' : 'prescriber',
          recorded_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      contraception = {
        id: row.id,
        declaredOn: declaration.declaredOn,
        methods: declaration.methods,
        abstinence: declaration.abstinence,
        startedOn: declaration.startedOn,
      };
      if (comprehension !== null) {
        // withPatient writes the questions' audit row; the declaration gets its own.
        await writeAudit(trx, actor, { action: 'contraception.record', patientId: patient.id, entity: 'contraception', entityId: row.id, outcome: 'ok' });
      }
    }
    const id = comprehension?.id ?? contraception?.id;
    return { ...(id === undefined ? {} : { id }), comprehension, contraception, warnings: carried?.warnings ?? [] };
  });
}
