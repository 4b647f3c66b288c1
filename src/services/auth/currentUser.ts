// Who is logged in (GET /me): the user's account, the patient record they are (if any), and the time
// zone their moments are shown in.
import type { Language } from '../../messages/patient/locales.js';
import type { Actor, Services } from '../context.js';

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  // 'client': the user row a registered machine acts as (interop_clients).
  role: Actor['role'] | 'client';
  organizationId: string | null;
  patientId: string | null;
  timeZone: string;
  /** The language the person chose (users.language, 0028): the patient's pages and reminders are in it. */
  language: Language;
}

export async function currentUser(services: Services, actor: Actor): Promise<CurrentUser> {
  const user = await services.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'organization_id', 'language'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const patient = await services.db.selectFrom('patients').select(['id', 'practice_id']).where('user_id', '=', actor.userId).executeTakeFirst();
  // Moments are shown in the clinic's time zone: the user's organization's, a patient's
  // practice's, else the server's default.
  const organizationId = user.organization_id ?? patient?.practice_id ?? null;
  const organization =
    organizationId === null ? undefined : await services.db.selectFrom('organizations').select('time_zone').where('id', '=', organizationId).executeTakeFirst();
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    organizationId: user.organization_id,
    patientId: patient?.id ?? null,
    timeZone: organization?.time_zone ?? services.clinicTimeZone ?? 'America/New_York',
    language: user.language,
  };
}
