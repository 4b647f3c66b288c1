// The language a person reads the app in (POST /me/language): the patient chooses it on her pages,
// and her reminders are written in it from then on (services/reminders/reminderText.ts). Staff
// pages stay English whatever it says. Audited like any change to an account.
import { LANGUAGES, type Language } from '../../messages/patient/locales.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { throwIfProblems } from '../validation.js';

export async function chooseLanguage(services: Services, actor: Actor, input: { language: string }): Promise<{ language: Language }> {
  const language = LANGUAGES.find((known) => known === input.language);
  throwIfProblems(language === undefined ? [{ field: 'language', code: 'unknown', message: `One of: ${LANGUAGES.join(', ')}.` }] : []);
  const chosen = language ?? 'en';
  await services.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ language: chosen }).where('id', '=', actor.userId).execute();
    await writeAudit(trx, actor, { action: 'user.language', entity: 'user', entityId: actor.userId, outcome: 'ok', detail: { language: chosen } });
  });
  return { language: chosen };
}
