// The pharmacy a patient uses (issue 10): chosen at enrollment or later by the care team or the
// patient herself, always a pharmacy certified in the program (R-RX-4), each change audited. It is
// the patient's choice of shop, not a clinical result: the enrollment form offers the practice's
// usual pharmacy, shown and changeable. A prescription names the patient's pharmacy of the day
// it is written, unless the prescriber names another.
import type { IsoDate } from '../../domain/dates.js';
import { isCertified } from '../../db/certifications.js';
import type { PatientRow } from '../access.js';
import { careTeamPrescriberId } from '../access.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';

export interface PharmacyRef {
  id: string;
  name: string;
}

/** The pharmacy, if it is one and is certified on `on`; otherwise a 400 on `field`. */
export async function requireCertifiedPharmacy(db: Executor, pharmacyId: string, on: IsoDate, field = 'pharmacyId'): Promise<PharmacyRef> {
  const row = await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', pharmacyId).where('kind', '=', 'pharmacy').executeTakeFirst();
  if (row === undefined || !(await isCertified(db, { organizationId: row.id }, on))) {
    throw new InvalidInputError([
      { field, code: 'PHARMACY_NOT_CERTIFIED', message: 'Choose a pharmacy certified in the program (R-RX-4): this one is unknown or not certified today.' },
    ]);
  }
  return row;
}

/**
 * The pharmacy a prescription being written goes to: the one the prescriber names, else the
 * patient's pharmacy of today (null when she has none: the prescription then names no pharmacy and
 * any certified pharmacy finds it with the identifier and the birth date, as before).
 */
export async function prescriptionPharmacy(work: PatientWork, pharmacyId: string | null | undefined): Promise<string | null> {
  if (pharmacyId === undefined || pharmacyId === null) {
    return work.patient.pharmacy_id;
  }
  return (await requireCertifiedPharmacy(work.trx, pharmacyId, work.today)).id;
}

async function pharmacyOf(db: Executor, patient: PatientRow): Promise<PharmacyRef | null> {
  if (patient.pharmacy_id === null) {
    return null;
  }
  return (await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', patient.pharmacy_id).executeTakeFirst()) ?? null;
}

/** The certified pharmacies, by name: what the patient can choose from. */
export async function certifiedPharmacies(db: Executor, on: IsoDate): Promise<PharmacyRef[]> {
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'pharmacy').orderBy('name').execute();
  const certified: PharmacyRef[] = [];
  for (const row of rows) {
    if (await isCertified(db, { organizationId: row.id }, on)) {
      certified.push(row);
    }
  }
  return certified;
}

export interface PatientPharmacyAnswer {
  id: string;
  pharmacy: PharmacyRef | null;
  /** The certified pharmacies she can choose from. */
  choices: PharmacyRef[];
}

/** The patient's pharmacy and the choices: the care team and the patient herself. */
export async function readPatientPharmacy(services: Services, actor: Actor, patientId: string): Promise<PatientPharmacyAnswer> {
  return withPatient(services, actor, patientId, 'read', 'patient.pharmacy.read', async ({ trx, patient, today }) => ({
    id: patient.id,
    pharmacy: await pharmacyOf(trx, patient),
    choices: await certifiedPharmacies(trx, today),
  }));
}

/** Changes the patient's pharmacy (the care team, or the patient herself); audited as patient.pharmacy. */
export async function choosePatientPharmacy(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { pharmacyId: string },
): Promise<PatientPharmacyAnswer> {
  // 'patientEntry': what the patient enters herself and her care team may enter for her.
  return withPatient(services, actor, patientId, 'patientEntry', 'patient.pharmacy', async ({ trx, patient, today }) => {
    const pharmacy = await requireCertifiedPharmacy(trx, input.pharmacyId, today);
    await trx.updateTable('patients').set({ pharmacy_id: pharmacy.id }).where('id', '=', patient.id).execute();
    return { id: patient.id, pharmacy, choices: await certifiedPharmacies(trx, today) };
  });
}

/**
 * What the enrollment form offers: the certified pharmacy most of the practice's patients use, or
 * the only certified pharmacy; null when there is no such single answer (the form then asks).
 */
export async function usualPharmacy(services: Services, actor: Actor): Promise<{ pharmacy: PharmacyRef | null; patients: number; choices: PharmacyRef[] }> {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('The usual pharmacy is offered to the care team enrolling a patient.');
  }
  const today = programToday(services);
  const choices = await certifiedPharmacies(services.db, today);
  const practice = await services.db.selectFrom('users').select('organization_id').where('id', '=', prescriberId).executeTakeFirst();
  const counts =
    practice === undefined || practice.organization_id === null
      ? []
      : await services.db
          .selectFrom('patients')
          .select(['pharmacy_id', (eb) => eb.fn.countAll<string>().as('patients')])
          .where('practice_id', '=', practice.organization_id)
          .where('pharmacy_id', 'is not', null)
          .groupBy('pharmacy_id')
          .orderBy('patients', 'desc')
          .execute();
  const usual = counts.find((row) => choices.some((choice) => choice.id === row.pharmacy_id));
  if (usual !== undefined) {
    return { pharmacy: choices.find((choice) => choice.id === usual.pharmacy_id) ?? null, patients: Number(usual.patients), choices };
  }
  return { pharmacy: choices.length === 1 ? (choices[0] ?? null) : null, patients: 0, choices };
}
