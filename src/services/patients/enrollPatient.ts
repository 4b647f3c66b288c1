// The prescriber enrolls a patient with a risk category (R-ENR-1, R-ENR-2, R-CAT-1), optionally
// giving the patient an account. The program identifier is what a pharmacy finds them by.
// In the same transaction, when the form says so: the consents signed that day (R-ENR-4, the same
// facts and audit rows as POST /patients/{id}/consents), and the patient's log-in from her email
// alone, with a one-time activation link she sets her own password with (auth/accountActivation.ts).
// A second record for someone who looks like one of the practice's patients is refused, naming the
// match, unless the prescriber overrides it with a reason (stored and audited).
import { loadOrganizationProgram, programFor } from '../programs/programFor.js';
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { ageInYears, isAfter, type IsoDate } from '../../domain/dates.js';
import { decideEnrollment } from '../../domain/enrollment.js';
import type { CategoryCriterion, ConsentKind, RiskCategory } from '../../domain/facts.js';
import { isCertified } from '../../db/certifications.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import { emailActivation, issueActivation, unknowablePasswordHash, type IssuedActivation } from '../auth/accountActivation.js';
import { hashPassword } from '../auth/passwords.js';
import { requireCertifiedPharmacy } from '../pharmacy/patientPharmacy.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { ConflictError, InvalidInputError, PossibleDuplicatePatientError, RuleRefusal, type PossibleDuplicate } from '../errors.js';

export interface Enrollment {
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  category: RiskCategory;
  criterion: CategoryCriterion;
  criterionReason?: string;
  enrolledOn: IsoDate;
  /**
   * Gives the patient their own log-in. Without a password (the web form), she gets a one-time
   * activation link to set her own; with one (API clients), the account works at once.
   */
  account?: { email: string; password?: string };
  /** The patient signed the consent forms on the enrollment date: general, plus birth defects for PCGP (R-ENR-4). */
  consentsSigned?: boolean;
  /** A parent or guardian signed the consent on the enrollment date (patient under 18 only). */
  guardianConsentSigned?: boolean;
  /** The pharmacy she uses (a certified one); changeable later (services/pharmacy/patientPharmacy.ts). */
  pharmacyId?: string;
  /** Enroll even though the patient looks like an existing one: why (stored and audited). */
  duplicateOverride?: { reason: string };
}

/** A name as compared for duplicates: case, accents, spaces, hyphens and apostrophes ignored. */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Same person? Same birth date and the same two names, in either order (given and family swapped). */
function sameNames(a: { givenName: string; familyName: string }, b: { givenName: string; familyName: string }): boolean {
  const [ag, af, bg, bf] = [a.givenName, a.familyName, b.givenName, b.familyName].map(comparableName);
  return (ag === bg && af === bf) || (ag === bf && af === bg);
}

/**
 * The practice's patients born that day whose names match. Only the caller's own patients (those
 * the caller may open) are named; a match of another prescriber of the same practice is counted,
 * not described; other practices are never looked at, so nothing about their patients can leak.
 */
async function possibleDuplicates(
  trx: Executor,
  actor: Actor,
  practiceId: string,
  input: Enrollment,
): Promise<{ visible: PossibleDuplicate[]; others: string[] }> {
  const born = await trx
    .selectFrom('patients')
    .select(['id', 'program_id', 'given_name', 'family_name', 'birth_date', 'prescriber_id'])
    .where('practice_id', '=', practiceId)
    .where('birth_date', '=', input.birthDate)
    .execute();
  const matches = born.filter((row) => sameNames({ givenName: row.given_name, familyName: row.family_name }, input));
  return {
    visible: matches
      .filter((row) => row.prescriber_id === actor.userId)
      .map((row) => ({ id: row.id, givenName: row.given_name, familyName: row.family_name, birthDate: row.birth_date, programId: row.program_id })),
    others: matches.filter((row) => row.prescriber_id !== actor.userId).map((row) => row.id),
  };
}

/** Ten characters, no look-alikes (0/O, 1/I): read aloud over a pharmacy phone line. */
function newProgramId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let id = '';
  for (let index = 0; index < 10; index += 1) {
    id += alphabet.charAt(randomInt(alphabet.length));
  }
  return id;
}

export interface EnrollmentOptions {
  linkBase?: string;
  /**
   * More writes that belong to this enrollment (the EHR's identifiers linked to the new patient,
   * interop/fhir/submitResponse.ts), in its transaction: a throw enrolls nobody.
   */
  alsoRecord?: (trx: Executor, patient: { id: string; programId: string }) => Promise<void>;
}

export async function enrollPatient(services: Services, actor: Actor, input: Enrollment, options: EnrollmentOptions = {}) {
  requireRole(actor, 'prescriber');
  const today = programToday(services);
  const problems = [];
  if (isAfter(input.enrolledOn, today)) {
    problems.push({ field: 'enrolledOn', code: 'DATE_IN_FUTURE', message: `The enrollment date is after today (${today}).` });
  }
  if (isAfter(input.birthDate, today)) {
    problems.push({ field: 'birthDate', code: 'DATE_IN_FUTURE', message: 'The birth date is in the future.' });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  // The practice's program (its settings, e.g. MIN_AGE_YEARS) read beside the certification, at
  // the same time: no wait of its own.
  const [prescriberCertified, program] = await Promise.all([
    isCertified(services.db, { userId: actor.userId }, input.enrolledOn),
    actor.organizationId === null
      ? Promise.resolve(services.program)
      : loadOrganizationProgram(services.db, actor.organizationId).then((stored) => programFor(services.program, stored, today)),
  ]);
  const decision = decideEnrollment(
    {
      birthDate: input.birthDate,
      enrolledOn: input.enrolledOn,
      category: input.category,
      criterion: input.criterion,
      reason: input.criterionReason ?? null,
      prescriberCertified,
    },
    program,
  );
  if (!decision.allowed) {
    await writeAudit(services.db, actor, { action: 'patient.enroll', outcome: 'refused', detail: { reasons: decision.reasons.map((r) => r.code) } });
    throw new RuleRefusal('The patient cannot be enrolled', decision.reasons);
  }
  if (input.guardianConsentSigned === true && ageInYears(input.birthDate, input.enrolledOn) >= 18) {
    throw new InvalidInputError([
      { field: 'guardianConsentSigned', code: 'NOT_A_MINOR', message: 'The patient is 18 or older on the enrollment date: no guardian consent is needed.' },
    ]);
  }
  const password = input.account?.password;
  const passwordHash = input.account === undefined ? null : password === undefined ? await unknowablePasswordHash() : await hashPassword(password);
  const overrideReason = input.duplicateOverride?.reason.trim() ?? '';
  let activation: IssuedActivation | null = null;
  const enrolled = await services.db
    .transaction()
    .execute(async (trx) => {
      const prescriber = await trx.selectFrom('users').select('organization_id').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const practiceId = prescriber.organization_id;
      if (practiceId === null) {
        throw new Error('A prescriber account without a practice cannot enroll patients');
      }
      // Two enrollments of the same person at once are checked one after the other.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`enroll:${practiceId}:${input.birthDate}`}, 0))`.execute(trx);
      const duplicates = await possibleDuplicates(trx, actor, practiceId, input);
      const matchedIds = [...duplicates.visible.map((match) => match.id), ...duplicates.others];
      if (matchedIds.length > 0 && overrideReason === '') {
        throw new PossibleDuplicatePatientError(duplicates.visible, duplicates.others.length);
      }
      let userId: string | null = null;
      if (input.account !== undefined && passwordHash !== null) {
        const email = input.account.email;
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
          .executeTakeFirst();
        if (taken !== undefined) {
          throw new ConflictError('An account with this email already exists.');
        }
        const user = await trx
          .insertInto('users')
          .values({
            email,
            password_hash: passwordHash,
            display_name: `${input.givenName} ${input.familyName}`,
            role: 'patient',
            organization_id: null,
            supervising_prescriber_id: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        userId = user.id;
        if (password === undefined) {
          activation = await issueActivation(trx, services, user.id, actor.userId);
        }
      }
      const pharmacyId = input.pharmacyId === undefined ? null : (await requireCertifiedPharmacy(trx, input.pharmacyId, today)).id;
      const patient = await trx
        .insertInto('patients')
        .values({
          program_id: newProgramId(),
          given_name: input.givenName,
          family_name: input.familyName,
          birth_date: input.birthDate,
          prescriber_id: actor.userId,
          practice_id: practiceId,
          user_id: userId,
          created_by: actor.userId,
          pharmacy_id: pharmacyId,
        })
        .returning(['id', 'program_id'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('category_assignments')
        .values({
          patient_id: patient.id,
          category: input.category,
          criterion: input.criterion,
          reason: input.criterionReason ?? null,
          effective_on: input.enrolledOn,
          recorded_by: actor.userId,
        })
        .execute();
      if (matchedIds.length > 0) {
        await trx
          .insertInto('enrollment_duplicate_overrides')
          .values({ patient_id: patient.id, reason: overrideReason, matched_patient_ids: matchedIds, recorded_by: actor.userId })
          .execute();
      }
      await writeAudit(trx, actor, {
        action: 'patient.enroll',
        patientId: patient.id,
        entity: 'patient',
        entityId: patient.id,
        outcome: 'ok',
        ...(matchedIds.length > 0 ? { detail: { duplicateOverride: { matchedPatientIds: matchedIds } } } : {}),
      });
      // The consents signed at the visit: the same facts and audit rows as recordConsent.
      const consentKinds: ConsentKind[] = [
        ...(input.consentsSigned === true ? (['general', ...(input.category === 'PCGP' ? ['birthDefects' as const] : [])] as ConsentKind[]) : []),
        ...(input.guardianConsentSigned === true ? (['guardian'] as ConsentKind[]) : []),
      ];
      const consents: Array<{ id: string; kind: ConsentKind; signedOn: string }> = [];
      for (const kind of consentKinds) {
        const row = await trx
          .insertInto('consents')
          .values({ patient_id: patient.id, kind, signed_on: input.enrolledOn, recorded_by: actor.userId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeAudit(trx, actor, { action: 'consent.record', patientId: patient.id, entity: 'consent', entityId: row.id, outcome: 'ok' });
        consents.push({ id: row.id, kind, signedOn: input.enrolledOn });
      }
      await options.alsoRecord?.(trx, { id: patient.id, programId: patient.program_id });
      // Her worklist entry, marked until computed, came with the patient row (the insert's trigger,
      // migrations/0026): version 1, the enrollment.
      return { id: patient.id, programId: patient.program_id, consents };
    })
    .catch(async (error: unknown) => {
      if (error instanceof PossibleDuplicatePatientError) {
        await writeAudit(services.db, actor, { action: 'patient.enroll', outcome: 'refused', detail: { reasons: ['POSSIBLE_DUPLICATE_PATIENT'] } });
      }
      throw error;
    });
  const issued = activation as IssuedActivation | null;
  if (issued === null || input.account === undefined) {
    return enrolled;
  }
  // Notify only after commit: the link is in the answer whatever happens to the email.
  const emailed = await emailActivation(services, input.account.email, issued, options.linkBase ?? null);
  return {
    ...enrolled,
    activation: { token: issued.token, path: issued.path, expiresAt: issued.expiresAt.toISOString(), validDays: issued.validDays, emailed },
  };
}
