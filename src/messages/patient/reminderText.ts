// The words of a reminder, in the reader's language (issue 14, item 5): the domain says what a
// reminder is about (domain/reminders.ts ReminderMessage: a code, dates, tasks, blood tests) and
// this module writes its subject and body with @formatjs/intl from the language's catalogue. The
// text is produced when the reminder is queued, in the language the patient had chosen then
// (users.language); the prescriber's copy is in English.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { IsoDate } from '../../domain/dates.js';
import type { ReminderMessage } from '../../domain/reminders.js';
import { en, type PatientMessageId } from './en.js';
import { es } from './es.js';
import { INTL_LOCALES, type Language } from './locales.js';

export const PATIENT_CATALOGUES: Readonly<Record<Language, Readonly<Record<PatientMessageId, string>>>> = { en, es };

/**
 * How a reminder names a calendar date, per language. English keeps the ISO form its reminders
 * have always had (2025-03-16: unambiguous, and what the acceptance tests and any mail filter
 * read); Spanish spells it out ("16 de marzo de 2025"). Changing English is this one entry.
 */
const DATE_FORMATS: Readonly<Record<Language, 'iso' | Intl.DateTimeFormatOptions>> = {
  en: 'iso',
  es: { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' },
};

const cache = createIntlCache();
const intls = new Map<Language, IntlShape>();

function intlFor(language: Language): IntlShape {
  let intl = intls.get(language);
  if (intl === undefined) {
    intl = createIntl({ locale: INTL_LOCALES[language], defaultLocale: 'en-US', messages: PATIENT_CATALOGUES[language] }, cache);
    intls.set(language, intl);
  }
  return intl;
}

/** A calendar date as a reminder in this language says it. */
export function reminderDate(isoDate: IsoDate, language: Language): string {
  const format = DATE_FORMATS[language];
  return format === 'iso' ? isoDate : intlFor(language).formatDate(new Date(`${isoDate}T00:00:00Z`), format);
}

type Values = Record<string, string>;

/** One message of the patient catalogue in a language (the support notice uses it too). */
export function patientMessage(id: PatientMessageId, language: Language, values: Values = {}): string {
  return intlFor(language).formatMessage({ id }, values);
}

/** The subject and body of a reminder in the reader's language. */
export function reminderText(message: ReminderMessage, language: Language): { subject: string; body: string } {
  const say = (id: PatientMessageId) => patientMessage(id, language);
  const values: Values = { ...message.values };
  for (const [name, date] of Object.entries(message.dates)) {
    values[name] = reminderDate(date, language);
  }
  const tasks = message.tasks.map((task) => say(`task.${task}`));
  values['tasks'] = tasks.join(say(message.code === 'windowClosing' ? 'list.tasksClosing' : 'list.tasksOpen'));
  values['analytes'] = message.analytes
    .map((analyte) => (`analyte.${analyte}` in en ? say(`analyte.${analyte}` as PatientMessageId) : analyte))
    .join(say('list.analytes'));
  return {
    subject: patientMessage(`reminder.${message.code}.subject`, language, values),
    // A select's empty case leaves a trailing space: the body is trimmed.
    body: patientMessage(`reminder.${message.code}.body`, language, values).trim(),
  };
}
