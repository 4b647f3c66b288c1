// The patient's status, derived by her practice's program: the US engine's (programStatus) for a
// US practice, the programs' engine's (programStatusElsewhere) for any other — and for a practice
// with no program yet, which says so (PROGRAM_NOT_CONFIGURED) as the gates do. Every page that
// shows a patient's state reads it here, so no two pages disagree (issue 14, item 3).
import { loadProgramFacts, prescriberAttributesOn, programContextOf } from '../../db/programFacts.js';
import type { Executor } from '../../db/executor.js';
import type { IsoDate } from '../../domain/dates.js';
import type { PatientFacts } from '../../domain/facts.js';
import { programStatusElsewhere } from '../../domain/programs/programStatusElsewhere.js';
import { programStatus, type ProgramStatus } from '../../domain/programStatus.js';
import { programJurisdiction, type ProgramConfig } from '../../domain/ruleSets.js';

export interface StatusSubject {
  patient: { id: string; prescriber_id: string };
  facts: PatientFacts;
  today: IsoDate;
  program: ProgramConfig;
}

/** Whether the US engine judges this practice's patients (its jurisdiction is the US). */
export function usEngineJudges(program: ProgramConfig): boolean {
  return programJurisdiction(program) === 'US';
}

/** The status on `today`; outside the US one more statement reads the program's facts. */
export async function patientStatusOf(db: Executor, { patient, facts, today, program }: StatusSubject): Promise<ProgramStatus> {
  if (usEngineJudges(program)) {
    return programStatus(facts, today, program);
  }
  const loaded = await loadProgramFacts(db, patient.id, facts);
  const prescriber = prescriberAttributesOn(loaded.prescriberAttributes, patient.prescriber_id, today);
  return programStatusElsewhere(facts, { facts: loaded.facts, prescriber }, today, programContextOf(program), program);
}
