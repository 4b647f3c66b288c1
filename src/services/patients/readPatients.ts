// Reading patient records: the care team's list, one patient's record with its derived program
// status, and the pharmacist's lookup by program identifier and date of birth (which shows only
// what a dispense needs).
import { authorizationStatus } from '../../domain/authorizations.js';
import { patientSchedule } from '../../domain/patientSchedule.js';
import { programStatus } from '../../domain/programStatus.js';
import { careTeamPrescriberId, requireRole, type PatientRow } from '../access.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { withPatient } from './patientTransaction.js';
import { authorizationView } from '../pharmacy/requestAuthorization.js';

function patientView(patient: PatientRow) {
  return {
    id: patient.id,
    programId: patient.program_id,
    givenName: patient.given_name,
    familyName: patient.family_name,
    birthDate: patient.birth_date,
  };
}

export async function getPatient(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'patient.read', async ({ patient, facts, today }) => ({
    id: patient.id,
    patient: patientView(patient),
    status: programStatus(facts, today, services.program),
    facts,
  }));
}

export async function getPatientStatus(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'status.read', async ({ patient, facts, today }) => {
    const status = programStatus(facts, today, services.program);
    // Each next step in dates, the capsules on hand and the next test's range (the patient's to-do list reads them).
    return { id: patient.id, ...status, schedule: patientSchedule(status, facts, services.program) };
  });
}

/** The care team's patients (a prescriber's own, or their delegate's prescriber's). */
export async function listPatients(services: Services, actor: Actor, options: { limit: number; offset: number }) {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('Only a prescriber and their delegates list patients.');
  }
  const rows = await services.db
    .selectFrom('patients')
    .selectAll()
    .where('prescriber_id', '=', prescriberId)
    .orderBy('family_name')
    .orderBy('given_name')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return rows.map(patientView);
}

export async function findPatientForPharmacy(services: Services, actor: Actor, lookup: { programId: string; birthDate: string }) {
  requireRole(actor, 'pharmacist');
  return withPatient(services, actor, lookup, 'dispense', 'patient.pharmacyLookup', async ({ patient, facts, today }) => {
    const status = programStatus(facts, today, services.program);
    const filled = new Set(facts.authorizations.filter((a) => a.dispense !== null).map((a) => a.prescriptionId));
    return {
      id: patient.id,
      programId: patient.program_id,
      name: `${patient.given_name} ${patient.family_name}`,
      state: status.state,
      window: status.window,
      blockers: status.blockers.filter((blocker) => blocker.code !== 'PRESCRIPTION_PENDING'),
      prescriptions: facts.prescriptions
        .filter((prescription) => !filled.has(prescription.id))
        .map(({ recordedAt: _recordedAt, ...prescription }) => prescription),
      authorizations: facts.authorizations
        .filter((authorization) => authorizationStatus(authorization, today) === 'active')
        .map(authorizationView),
      asOf: programToday(services),
    };
  }, { readOnly: true });
}
