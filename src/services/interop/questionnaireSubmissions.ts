// What the QuestionnaireResponse edge (interop/fhir/submitResponse.ts) looks up before it calls the
// use cases that record a form's facts: the patient a response names (to confirm her birth date),
// and a prescriber's certification (to say why the enrollment form records nothing).
import type { Services } from '../context.js';

/** The patient's id, program identifier and birth date; undefined when there is no such patient. */
export async function patientIdentity(services: Services, patientId: string) {
  return services.db.selectFrom('patients').select(['id', 'program_id', 'birth_date']).where('id', '=', patientId).executeTakeFirst();
}

/** The prescriber's latest certification (status and since when); undefined when none was recorded. */
export async function latestCertification(services: Services, userId: string) {
  return services.db
    .selectFrom('certifications')
    .select(['status', 'effective_on'])
    .where('user_id', '=', userId)
    .orderBy('effective_on', 'desc')
    .executeTakeFirst();
}
