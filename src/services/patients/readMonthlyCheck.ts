// What the patient's page for her part of the month needs (R-CMP-1): whether the questions and the
// contraception confirmation are still due, the methods she declared last, and whether "same
// methods as last month" can be recorded today (decided here, by the same rule the POST applies).
import { sameMethodsAsLastMonth } from '../../domain/contraception.js';
import { episodeStart } from '../../domain/course.js';
import { patientStatusOf } from '../programs/patientStatus.js';
import type { Actor, Services } from '../context.js';
import { withPatient } from './patientTransaction.js';

export async function readMonthlyCheck(services: Services, actor: Actor, patientId: string) {
  // withPatient's work answers a promise (most of it writes); a read has nothing to await.
  return withPatient(services, actor, patientId, 'read', 'monthlyCheck.read', async (work) => {
    const { patient, facts, today } = work;
    const status = await patientStatusOf(work.trx, work);
    const blocked = new Set(status.blockers.map((blocker) => blocker.code));
    const last = [...facts.contraception].sort((a, b) => a.declaredOn.localeCompare(b.declaredOn) || a.recordedAt.localeCompare(b.recordedAt)).at(-1) ?? null;
    const carried = status.category === 'PCGP' ? sameMethodsAsLastMonth(facts.contraception, today, episodeStart(facts, today)?.startedOn ?? null) : null;
    const lastPassed =
      facts.comprehensionChecks
        .filter((check) => check.passed)
        .map((check) => check.answeredOn)
        .sort()
        .at(-1) ?? null;
    return {
      id: patient.id,
      asOf: today,
      category: status.category,
      comprehension: { due: blocked.has('COMPREHENSION_PENDING'), lastPassedOn: lastPassed },
      contraception: {
        /** The program asks her for it (PCGP only). */
        required: status.category === 'PCGP',
        /**
         * Asked when the fill waits for it, and also with the month's questions even when the care
         * team has declared the methods this month: R-CMP-1 has the patient herself confirm the two
         * methods she uses each month, beside the prescriber's entry (R-CON-1). Not twice a day.
         */
        due:
          blocked.has('CONTRACEPTION_PENDING') ||
          (status.category === 'PCGP' &&
            blocked.has('COMPREHENSION_PENDING') &&
            !facts.contraception.some((declaration) => declaration.enteredBy === 'patient' && declaration.declaredOn === today)),
        last:
          last === null
            ? null
            : { declaredOn: last.declaredOn, methods: last.methods, abstinence: last.abstinence, startedOn: last.startedOn, enteredBy: last.enteredBy },
        sameAsLastMonth: carried === null ? null : { allowed: carried.allowed, reasons: carried.reasons, warnings: carried.warnings },
      },
    };
  });
}
