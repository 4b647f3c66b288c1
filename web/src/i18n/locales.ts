// The languages of the patient's pages (issue 14, item 5): English is the source, every other
// language a catalogue with all its keys (messages/). A new language (French for Canada) is a code
// here, a catalogue, and a value the server accepts (src/messages/patient/locales.ts, migration 0028).
// (No imports but the catalogues: tests read it under Node.)
import { en, type MessageId } from './messages/en.js';
import { es } from './messages/es.js';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageId, string>>>> = { en, es };

/** The locale dates and numbers are formatted in: the program is the US one, so US Spanish. */
export const INTL_LOCALES: Readonly<Record<Locale, string>> = { en: 'en-US', es: 'es-US' };

/** Each language by its own name, as the switch offers it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', es: 'Español' };

export function isLocale(value: unknown): value is Locale {
  return LOCALES.some((known) => known === value);
}
