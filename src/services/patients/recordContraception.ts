// The month's contraception: two methods (one primary) or an abstinence commitment (R-CON-1..8).
// A declaration that does not meet the rule is refused with its reasons and not stored.
import { assessContraception } from '../../domain/contraception.js';
import type { ContraceptionMethod } from '../../domain/facts.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { isAfter } from '../../domain/dates.js';
import { withPatient, type PatientWork } from './patientTransaction.js';

export interface ContraceptionInput {
  declaredOn: string;
  methods: ContraceptionMethod[];
  abstinence: boolean;
  startedOn: string;
  takesEnzymeInducer?: boolean;
}

export async function recordContraception(services: Services, actor: Actor, patientId: string, input: ContraceptionInput) {
  return withPatient(services, actor, patientId, 'patientEntry', 'contraception.record', (work) => contraceptionIn(work, actor, input));
}

/** Decides and stores the declaration inside a patient transaction (the single route's, or a monthly visit's). */
export async function contraceptionIn(work: PatientWork, actor: Actor, input: ContraceptionInput) {
  const { trx, today } = work;
  const patientId = work.patient.id;
  const problems = datesNotInFuture(today, { declaredOn: input.declaredOn, startedOn: input.startedOn });
  if (isAfter(input.startedOn, input.declaredOn)) {
    problems.push({ field: 'startedOn', code: 'AFTER_DECLARATION', message: 'Contraception cannot start after the day it is declared.' });
  }
  throwIfProblems(problems);
  const declaration = { methods: input.methods, abstinence: input.abstinence, takesEnzymeInducer: input.takesEnzymeInducer ?? false };
  const decision = assessContraception(declaration);
  if (!decision.allowed) {
    throw new RuleRefusal('The contraception declaration does not meet the program rules', decision.reasons, decision.warnings);
  }
  const row = await trx
    .insertInto('contraception_declarations')
    .values({
      patient_id: patientId,
      declared_on: input.declaredOn,
      methods: input.methods,
      abstinence: input.abstinence,
      started_on: input.startedOn,
      takes_enzyme_inducer: declaration.takesEnzymeInducer,
      entered_by: actor.role === 'patient' ? 'patient' : actor.role === 'delegate' ? 'delegate' : 'prescriber',
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, ...input, warnings: decision.warnings };
}
