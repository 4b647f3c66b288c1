// Who may do what to which patient record, checked per record at the start of every use case.
// A record that is not the caller's answers "not found", exactly like one that does not exist.
import type { Selectable } from 'kysely';
import type { PatientsTable } from '../db/schema.js';
import type { Actor, Executor } from './context.js';
import { ForbiddenError, NotFoundError } from './errors.js';

/**
 * - read: see the record and its status
 * - record: enter facts (tests, contraception, consents) — prescriber and delegate
 * - attest: counseling, prescriptions, category, course decisions — the prescriber alone (§1.1)
 * - patientEntry: what the patient enters themself (comprehension answers, contraception)
 * - dispense: what a pharmacist needs to authorize and dispense, found only by program
 *   identifier plus date of birth (§1.1)
 * - order: what only the patient does for themself (ordering a fill online, cancelling that order)
 */
export type PatientAccess = 'read' | 'record' | 'attest' | 'patientEntry' | 'dispense' | 'order';

/** A patient is addressed by id, or — by a pharmacist — by program identifier and date of birth. */
export type PatientTarget = string | { programId: string; birthDate: string };

export type PatientRow = Selectable<PatientsTable>;

/** The prescriber whose patients this actor works on, if any. */
export function careTeamPrescriberId(actor: Actor): string | null {
  if (actor.role === 'prescriber') {
    return actor.userId;
  }
  if (actor.role === 'delegate') {
    return actor.supervisingPrescriberId;
  }
  return null;
}

const ALLOWED: Record<Actor['role'], readonly PatientAccess[]> = {
  prescriber: ['read', 'record', 'attest', 'patientEntry'],
  delegate: ['read', 'record', 'patientEntry'],
  patient: ['read', 'patientEntry', 'order'],
  pharmacist: ['dispense'],
  admin: [],
};

export async function requirePatientAccess(
  db: Executor,
  actor: Actor,
  target: PatientTarget,
  access: PatientAccess,
  options: { forUpdate?: boolean } = {},
): Promise<PatientRow> {
  const byProgramId = typeof target !== 'string';
  if (byProgramId !== (access === 'dispense')) {
    throw new NotFoundError('Patient');
  }
  let query = db.selectFrom('patients').selectAll();
  query =
    typeof target === 'string'
      ? query.where('id', '=', target)
      : query.where('program_id', '=', target.programId.toUpperCase()).where('birth_date', '=', target.birthDate);
  if (options.forUpdate === true) {
    // Serializes writers of one patient's facts, so two decisions never read the same stale facts.
    query = query.forUpdate();
  }
  const patient = await query.executeTakeFirst();
  const isOwn =
    patient !== undefined &&
    (byProgramId ||
      (actor.role === 'patient' ? patient.user_id === actor.userId : patient.prescriber_id === careTeamPrescriberId(actor)));
  if (patient === undefined || !isOwn) {
    throw new NotFoundError('Patient');
  }
  if (!ALLOWED[actor.role].includes(access)) {
    if (byProgramId) {
      throw new NotFoundError('Patient');
    }
    throw new ForbiddenError(
      access === 'attest'
        ? 'Only the prescriber can attest counseling, write prescriptions and decide the course.'
        : access === 'order'
          ? 'Only the patient orders their own fill.'
          : 'Your role cannot do this.',
    );
  }
  return patient;
}

/** Matches no organization: a caller without a pharmacy is compared with this and sees no pharmacy's records. */
export const NO_PHARMACY = '00000000-0000-0000-0000-000000000000';

export function requireRole(actor: Actor, ...roles: Actor['role'][]): void {
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
  }
}
