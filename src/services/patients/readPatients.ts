// Reading patient records: the care team's list, one patient's record with its derived program
// status, and the pharmacist's lookup by program identifier and date of birth (which shows only
// what a dispense needs).
import { overridesInForce } from '../programs/programInForce.js';
import { authorizationStatus } from '../../domain/authorizations.js';
import { isAfter, type IsoDate } from '../../domain/dates.js';
import type { PatientFacts } from '../../domain/facts.js';
import { nextFillOf } from '../../domain/pharmacyVerdict.js';
import { patientSchedule } from '../../domain/patientSchedule.js';
import { programStatus, type ProgramStatus } from '../../domain/programStatus.js';
import type { Executor } from '../../db/executor.js';
import { patientStatusOf, usEngineJudges, type StatusSubject } from '../programs/patientStatus.js';
import type { ProgramConfig } from '../../domain/ruleSets.js';
import { describePatientState, type PatientStateSummary } from '../../domain/stateWords.js';
import { refreshStaleEntries } from '../worklist/refreshWorklistEntry.js';
import { careTeamPrescriberId, requireRole, type PatientRow, type PatientTarget } from '../access.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { withPatient } from './patientTransaction.js';
import { authorizationView } from '../pharmacy/requestAuthorization.js';

/** Who the patient is, as every answer about her names her. */
export function patientView(patient: PatientRow) {
  return {
    id: patient.id,
    programId: patient.program_id,
    givenName: patient.given_name,
    familyName: patient.family_name,
    birthDate: patient.birth_date,
  };
}

export async function getPatient(services: Services, actor: Actor, patientId: string) {
  // withPatient's work answers a promise (most of it writes); a read has nothing to await.
  return withPatient(services, actor, patientId, 'read', 'patient.read', async (work) => ({
    id: work.patient.id,
    patient: patientView(work.patient),
    ...withSummary(await patientStatusOf(work.trx, work)),
    facts: work.facts,
  }));
}

/** The status and the words for it (the same function on every page: domain/stateWords.ts). */
function withSummary(status: ReturnType<typeof programStatus>) {
  return { status, summary: describePatientState(status) };
}

export async function getPatientStatus(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'status.read', (work) => patientStatusAnswer(work.trx, work));
}

/**
 * The status answer, one shape wherever a page reads a patient's state (GET …/status, the monthly
 * visit's verdict): the program status, and each next step in dates with the capsules on hand and
 * the next test's range (the patient's to-do list reads them).
 */
export function statusAnswer(patientId: string, facts: PatientFacts, today: IsoDate, program: ProgramConfig, status = programStatus(facts, today, program)) {
  return {
    id: patientId,
    ...status,
    summary: describePatientState(status),
    schedule: patientSchedule(status, facts, program),
    programOverrides: overridesInForce(program, today),
  };
}

/** The status answer with the status her practice's program derives (services/programs/patientStatus.ts). */
export async function patientStatusAnswer(db: Executor, subject: StatusSubject) {
  return statusAnswer(subject.patient.id, subject.facts, subject.today, subject.program, await patientStatusOf(db, subject));
}

/** The care team's patients (a prescriber's own, or their delegate's prescriber's). */
export async function listPatients(services: Services, actor: Actor, options: { limit: number; offset: number }) {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('Only a prescriber and their delegates list patients.');
  }
  // The words for each patient's state come from the worklist's cache (recomputed from the facts
  // like the worklist itself), so a page of 100 patients is not 100 derivations.
  await refreshStaleEntries(services, prescriberId, programToday(services));
  const rows = await services.db
    .selectFrom('patients')
    .leftJoin('worklist_entries as w', 'w.patient_id', 'patients.id')
    .selectAll('patients')
    .select('w.summary')
    .where('patients.prescriber_id', '=', prescriberId)
    .orderBy('patients.family_name')
    .orderBy('patients.given_name')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return rows.map((row) => ({ ...patientView(row), summary: (row.summary ?? null) as PatientStateSummary | null }));
}

/**
 * After a dispense, until this month's prescription is written: the last dispense and what the
 * next fill needs and from when (issue 10), so the counter says what comes next instead of
 * listing the blockers as if the dispense had broken a rule. Both null otherwise.
 */
function betweenFills(facts: PatientFacts, today: IsoDate, status: ProgramStatus) {
  const last = facts.authorizations
    .flatMap((authorization) => (authorization.dispense === null ? [] : [authorization.dispense]))
    .sort((a, b) => a.dispensedOn.localeCompare(b.dispensedOn))
    .at(-1);
  const between =
    last !== undefined &&
    !facts.authorizations.some((authorization) => authorizationStatus(authorization, today) === 'active') &&
    !facts.prescriptions.some((prescription) => isAfter(prescription.writtenOn, last.dispensedOn));
  if (!between) {
    return { lastDispense: null, nextFill: null };
  }
  const { recordedAt: _recordedAt, ...dispense } = last;
  return { lastDispense: dispense, nextFill: nextFillOf(status, facts, today) };
}

export async function findPatientForPharmacy(services: Services, actor: Actor, lookup: { programId: string; birthDate: string }) {
  requireRole(actor, 'pharmacist');
  return withPatient(
    services,
    actor,
    lookup,
    'dispense',
    'patient.pharmacyLookup',
    async (work) => {
      const { patient, facts, today } = work;
      const status = await patientStatusOf(work.trx, work);
      const filled = new Set(facts.authorizations.filter((a) => a.dispense !== null).map((a) => a.prescriptionId));
      return {
        id: patient.id,
        programId: patient.program_id,
        name: `${patient.given_name} ${patient.family_name}`,
        state: status.state,
        /** The rule set's key today, and whether her fills go through the pharmacist's checklist (outside the US) rather than an authorization. */
        ruleSet: status.ruleSet,
        checklist: !usEngineJudges(work.program),
        // The words and badge tone every page shows for this state (domain/stateWords.ts).
        summary: describePatientState(status),
        window: status.window,
        blockers: status.blockers.filter((blocker) => blocker.code !== 'PRESCRIPTION_PENDING'),
        prescriptions: facts.prescriptions
          .filter((prescription) => !filled.has(prescription.id))
          .map(({ recordedAt: _recordedAt, ...prescription }) => prescription),
        authorizations: facts.authorizations.filter((authorization) => authorizationStatus(authorization, today) === 'active').map(authorizationView),
        ...betweenFills(facts, today, status),
        asOf: programToday(services),
      };
    },
    { readOnly: true },
  );
}

/**
 * The status answer for a pharmacy, found as the program allows it (program identifier and birth date,
 * or a prescription naming that pharmacy): what the REMS administrator tells a pharmacy system asking
 * $rems-etasu. The same verdict as the care team's, read through the pharmacy's access.
 */
export async function getPatientStatusForPharmacy(services: Services, actor: Actor, target: Exclude<PatientTarget, string>) {
  requireRole(actor, 'pharmacist');
  return withPatient(
    services,
    actor,
    target,
    'dispense',
    'status.pharmacyRead',
    async (work) => ({ ...(await patientStatusAnswer(work.trx, work)), programId: work.patient.program_id }),
    { readOnly: true },
  );
}
