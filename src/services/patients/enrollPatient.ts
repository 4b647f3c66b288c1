// The prescriber enrolls a patient with a risk category (R-ENR-1, R-ENR-2, R-CAT-1), optionally
// giving the patient an account. The program identifier is what a pharmacy finds them by.
import { randomInt } from 'node:crypto';
import { isAfter, type IsoDate } from '../../domain/dates.js';
import { decideEnrollment } from '../../domain/enrollment.js';
import type { CategoryCriterion, RiskCategory } from '../../domain/facts.js';
import { isCertified } from '../../db/certifications.js';
import { markWorklistStale } from '../../db/worklistEntries.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import { hashPassword } from '../auth/passwords.js';
import { requireCertifiedPharmacy } from '../pharmacy/patientPharmacy.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ConflictError, InvalidInputError, RuleRefusal } from '../errors.js';

export interface Enrollment {
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  category: RiskCategory;
  criterion: CategoryCriterion;
  criterionReason?: string;
  enrolledOn: IsoDate;
  /** Gives the patient their own log-in. */
  account?: { email: string; password: string };
  /** The pharmacy she uses (a certified one); changeable later (services/pharmacy/patientPharmacy.ts). */
  pharmacyId?: string;
}

/** Ten characters, no look-alikes (0/O, 1/I): read aloud over a pharmacy phone line. */
function newProgramId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let id = '';
  for (let index = 0; index < 10; index += 1) {
    id += alphabet[randomInt(alphabet.length)];
  }
  return id;
}

export async function enrollPatient(services: Services, actor: Actor, input: Enrollment) {
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
  const prescriberCertified = await isCertified(services.db, { userId: actor.userId }, input.enrolledOn);
  const decision = decideEnrollment(
    {
      birthDate: input.birthDate,
      enrolledOn: input.enrolledOn,
      category: input.category,
      criterion: input.criterion,
      reason: input.criterionReason ?? null,
      prescriberCertified,
    },
    services.program,
  );
  if (!decision.allowed) {
    await writeAudit(services.db, actor, { action: 'patient.enroll', outcome: 'refused', detail: { reasons: decision.reasons.map((r) => r.code) } });
    throw new RuleRefusal('The patient cannot be enrolled', decision.reasons);
  }
  const passwordHash = input.account === undefined ? null : await hashPassword(input.account.password);
  return services.db.transaction().execute(async (trx) => {
    const prescriber = await trx.selectFrom('users').select('organization_id').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    const practiceId = prescriber.organization_id;
    if (practiceId === null) {
      throw new Error('A prescriber account without a practice cannot enroll patients');
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
        .values({ email, password_hash: passwordHash, display_name: `${input.givenName} ${input.familyName}`, role: 'patient', organization_id: null, supervising_prescriber_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = user.id;
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
    await writeAudit(trx, actor, { action: 'patient.enroll', patientId: patient.id, entity: 'patient', entityId: patient.id, outcome: 'ok' });
    await markWorklistStale(trx, patient.id, actor.userId);
    return { id: patient.id, programId: patient.program_id };
  });
}
