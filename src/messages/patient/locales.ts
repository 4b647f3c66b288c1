// The languages a patient may read the app and her reminders in (issue 14, item 5). English is the
// source; each other language is a catalogue with every English key (catalogues.ts). A new one
// (French for Canada) is a code here, a catalogue, and a value of users.language (migration 0028).
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locale each language formats dates and numbers in: the program is the US one, so US Spanish. */
export const INTL_LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-US' };

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((known) => known === value);
}
