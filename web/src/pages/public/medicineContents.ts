// The public pages' content in each language of the site (issue 14, item 5): English is the source
// (medicineContent.ts), each other language a module of the same shape. A new language (French for
// Canada) is a module and a line here; test/web/i18n.test.ts checks its shape against the English.
import type { Locale } from '../../i18n/locales.js';
import { KEY_MESSAGES, type KeyMessage } from '../patient/education.js';
import { KEY_MESSAGES_ES } from '../patient/education.es.js';
import { MEDICINE_CONTENT_EN, type MedicineContent } from './medicineContent.js';
import { MEDICINE_CONTENT_ES } from './medicineContent.es.js';

export const MEDICINE_CONTENT: Readonly<Record<Locale, MedicineContent>> = { en: MEDICINE_CONTENT_EN, es: MEDICINE_CONTENT_ES };

/** The patient education's key messages the pages show, in each language. */
export const KEY_MESSAGES_BY_LOCALE: Readonly<Record<Locale, readonly KeyMessage[]>> = { en: KEY_MESSAGES, es: KEY_MESSAGES_ES };

/** A public page's address in a language: English at its own address, another with ?lang= (read by the server and the app). */
export function localizedPath(path: string, locale: Locale): string {
  return locale === 'en' ? path : `${path}?lang=${locale}`;
}
