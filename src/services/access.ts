// Who may do what to which patient record, checked per record at the start of every use case.
// A record that is not the caller's answers "not found", exactly like one that does not exist.
import { sql, type Selectable } from 'kysely';
import { addDays, type IsoDate } from '../domain/dates.js';
import { normalizeProgramId } from '../domain/pharmacyVerdict.js';
import type { PatientsTable } from '../db/schema.js';
import type { Actor, ClientActor, InteropClient } from './context.js';
import type { Executor } from '../db/executor.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { organizationProgram, settingsJson, type OrganizationProgram } from './programs/programFor.js';

/**
 * - read: see the record and its status
 * - record: enter facts (tests, contraception, consents) — prescriber and delegate
 * - attest: counseling, prescriptions, category, course decisions — the prescriber alone (§1.1)
 * - patientEntry: what the patient enters themself (comprehension answers, contraception)
 * - dispense: what a pharmacist needs to authorize and dispense, found by program identifier plus
 *   date of birth (§1.1), or — by the pharmacy a prescription names — by that prescription alone
 * - order: what only the patient does for themself (ordering a fill online, cancelling that order)
 */
export type PatientAccess = 'read' | 'record' | 'attest' | 'patientEntry' | 'dispense' | 'order';

/**
 * A patient is addressed by id, or — by a pharmacist — by program identifier and date of birth, or
 * by a prescription that names the pharmacist's pharmacy (issue 10: the prescription goes to that
 * pharmacy, so it need not ask the patient for what it was already sent). That last path opens
 * the record to the 'dispense' use cases of that one prescription only (services/pharmacy/
 * namedPrescription.ts shows name, program identifier, the prescription and its verdict, not the
 * birth date: with it, the pharmacy could look the patient up by identifier for any other
 * prescription). Any other pharmacy still needs the identifier and the birth date.
 */
export type PatientTarget = string | { programId: string; birthDate: string } | { namedPrescriptionId: string; asOf: IsoDate };

/**
 * How long a prescription opens the record to the pharmacy it names, counted from the day it was
 * written: its month (a prescription cannot be authorized much later) and the weeks after its
 * dispense. Safer short than long: afterwards the identifier and birth date still work.
 */
export const NAMED_ACCESS_DAYS = 60;

/** What was tried, for the audit row of a denied attempt (never a patient it might have matched). */
export function attemptedTarget(target: PatientTarget): string {
  return typeof target === 'string' ? target : 'programId' in target ? target.programId : `prescription:${target.namedPrescriptionId}`;
}

/**
 * The answer to a lookup by program identifier and birth date that matched no one the caller may
 * see: what to check, the same words whether or not the identifier exists (nothing leaks).
 */
export const LOOKUP_NOT_FOUND_DETAIL =
  "No enrolled patient matches this program identifier and date of birth. Check the identifier's 10 letters or digits " +
  '(spaces and dashes do not matter), the date of birth, and that the patient is enrolled in the program (her prescriber enrolls her).';

export type PatientRow = Selectable<PatientsTable>;

/**
 * A practice's EHR (issue 11) works for the whole practice, like its staff together: it sees and
 * records for every patient of that practice, never another's. Signing as a prescriber goes
 * through that prescriber (an actor with the prescriber's role and id), never through this.
 */
function isPracticeClient(actor: Actor): boolean {
  return actor.client?.kind === 'practice' && actor.role === 'delegate' && actor.organizationId !== null;
}

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
  options: {
    forUpdate?: boolean;
    /** Also read the patient's practice's program (jurisdiction and settings) in the same statement: PatientRow.program. */
    withProgram?: boolean;
  } = {},
): Promise<PatientRow & { program?: OrganizationProgram }> {
  // The pharmacist's paths (identifier and birth date, or a prescription naming the pharmacy) are
  // for the 'dispense' use cases only, and those use cases take no other path.
  const byPharmacy = typeof target !== 'string';
  const notFound = () => new NotFoundError('Patient', typeof target !== 'string' && 'programId' in target ? LOOKUP_NOT_FOUND_DETAIL : undefined);
  if (byPharmacy !== (access === 'dispense')) {
    throw notFound();
  }
  let patientId: string | null = typeof target === 'string' ? target : null;
  if (typeof target !== 'string' && 'namedPrescriptionId' in target) {
    // Only for NAMED_ACCESS_DAYS after it was written: long enough for its month and the days
    // after its dispense; an old prescription no longer opens her record without the birth date.
    const named = await db
      .selectFrom('prescriptions')
      .select('patient_id')
      .where('id', '=', target.namedPrescriptionId)
      .where('pharmacy_id', '=', actor.role === 'pharmacist' ? (actor.organizationId ?? NO_PHARMACY) : NO_PHARMACY)
      .where('written_on', '>=', sql<string>`${addDays(target.asOf, -NAMED_ACCESS_DAYS)}::date`)
      .executeTakeFirst();
    if (named === undefined) {
      throw notFound();
    }
    patientId = named.patient_id;
  }
  let query = db.selectFrom('patients').selectAll();
  query =
    patientId !== null
      ? query.where('id', '=', patientId)
      : typeof target !== 'string' && 'programId' in target
        ? query.where('program_id', '=', normalizeProgramId(target.programId)).where('birth_date', '=', target.birthDate)
        : query.where(sql<boolean>`false`);
  if (options.forUpdate === true) {
    // Serializes writers of one patient's facts, so two decisions never read the same stale facts.
    query = query.forUpdate();
  }
  let patient: (PatientRow & { program?: OrganizationProgram }) | undefined;
  if (options.withProgram === true) {
    const found = await query
      .select([
        sql<string | null>`(SELECT o.jurisdiction FROM organizations o WHERE o.id = patients.practice_id)`.as('program_jurisdiction'),
        settingsJson(sql`patients.practice_id`).as('program_settings'),
      ])
      .executeTakeFirst();
    if (found !== undefined) {
      const { program_jurisdiction: jurisdiction, program_settings: settings, ...row } = found;
      patient = { ...row, program: organizationProgram(jurisdiction, settings) };
    }
  } else {
    patient = await query.executeTakeFirst();
  }
  const isOwn =
    patient !== undefined &&
    (byPharmacy ||
      (actor.role === 'patient'
        ? patient.user_id === actor.userId
        : isPracticeClient(actor)
          ? patient.practice_id === actor.organizationId
          : patient.prescriber_id === careTeamPrescriberId(actor)));
  if (patient === undefined || !isOwn) {
    throw notFound();
  }
  if (!ALLOWED[actor.role].includes(access)) {
    if (byPharmacy) {
      throw notFound();
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

/** 403 unless the client is a practice's (an EHR) or a pharmacy's system, as the route or use case needs. */
export function requireClientKind(actor: ClientActor, kind: InteropClient['kind']): void {
  if (actor.client.kind !== kind) {
    throw new ForbiddenError(kind === 'practice' ? "Only a practice's system (its EHR) can do this." : "Only a pharmacy's system can do this.");
  }
}
