// The language of the pages a patient reads (issue 14, item 5), with react-intl: the patient's
// pages in the language she chose (GET /me, POST /me/language), the public pages and the log-in page
// in the one chosen in this browser (?lang=es in the address, else the last choice kept in
// localStorage), staff pages in English. Dates and numbers go through react-intl's formatters in the
// locale's Intl formats (dates.ts holds the options, one place for every page).
//
// The first render is in the language the address asks for (?lang=es), else English: the public
// pages are pre-rendered at build in each language (prerender.tsx) and the server answers
// /medicine/faq?lang=es with the Spanish one, so the app takes that markup over unchanged
// (hydration); a choice kept in the browser (no ?lang=) is applied right after.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { CALENDAR_DATE, calendarDate } from '../dates';
import { useSession } from '../session';
import type { MessageId } from './messages/en';
import { CATALOGUES, INTL_LOCALES, isLocale, LOCALE_NAMES, LOCALES, type Locale } from './locales';

const STORAGE_KEY = 'isocourse.language';

interface LanguageValue {
  locale: Locale;
  choose: (locale: Locale) => Promise<void>;
}

const LanguageContext = createContext<LanguageValue>({ locale: 'en', choose: () => Promise.resolve() });

/** The language the address asks for (?lang=), if it is one of ours. */
function addressChoice(): Locale | null {
  if (typeof window === 'undefined') {
    return null;
  }
  const asked = new URLSearchParams(window.location.search).get('lang');
  return isLocale(asked) ? asked : null;
}

/** The choice made in this browser: ?lang= in the address first, then the last one kept. */
function browserChoice(): Locale {
  if (typeof window === 'undefined') {
    return 'en';
  }
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (isLocale(asked)) {
    // An address that asks for a language is a choice: kept for this browser's next pages.
    keep(asked);
    return asked;
  }
  try {
    const kept = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(kept) ? kept : 'en';
  } catch {
    // Storage refused (a private window's settings): English.
    return 'en';
  }
}

function keep(locale: Locale): void {
  // An address that asked for a language now asks for this one (a reload keeps the choice).
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', locale);
    window.history.replaceState(window.history.state, '', url);
  }
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not kept: the choice lasts as long as the page.
  }
}

/** `initialLocale`: the language of the first render where there is no address to read (the build's pre-rendering). */
export function LanguageProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  const { me, chooseLanguage } = useSession();
  const [browserLocale, setBrowserLocale] = useState<Locale>(() => initialLocale ?? addressChoice() ?? 'en');
  useEffect(() => {
    // After the first (English, pre-rendered) render: the choice this browser made, if any.
    const frame = requestAnimationFrame(() => {
      setBrowserLocale(browserChoice());
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, []);
  // Staff pages stay English; a patient reads hers in her choice; nobody logged in, this browser's.
  const locale: Locale = me === null ? browserLocale : me.role === 'patient' ? (me.language ?? 'en') : 'en';
  useEffect(() => {
    document.documentElement.lang = INTL_LOCALES[locale];
  }, [locale]);
  const choose = useCallback(
    async (chosen: Locale) => {
      keep(chosen);
      setBrowserLocale(chosen);
      if (me?.role === 'patient') {
        await chooseLanguage(chosen);
      }
    },
    [me?.role, chooseLanguage],
  );
  const value = useMemo(() => ({ locale, choose }), [locale, choose]);
  return (
    <LanguageContext.Provider value={value}>
      <IntlProvider locale={INTL_LOCALES[locale]} defaultLocale="en-US" messages={CATALOGUES[locale]}>
        {children}
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

export function useLanguage(): LanguageValue {
  return useContext(LanguageContext);
}

type Values = Record<string, string | number | boolean | null | undefined>;

/** The patient pages' words and formats: t(id, values), a calendar date, a number. */
export function useWords() {
  const intl = useIntl();
  return useMemo(
    () => ({
      /** The Intl locale of the reader's language (en-US, es-US), for formatters outside react-intl. */
      locale: intl.locale,
      t: (id: MessageId, values?: Values) => intl.formatMessage({ id }, values),
      /** A message with markup: each <tag>…</tag> of the message is drawn by the function of that name (plain values beside them). */
      rich: (id: MessageId, values: Record<string, ((chunks: ReactNode[]) => ReactElement) | string | number>) =>
        intl.formatMessage({ id }, values as Record<string, ReactElement | string | number | ((chunks: ReactNode[]) => ReactElement)>) as ReactNode,
      date: (isoDate: string) => intl.formatDate(calendarDate(isoDate), CALENDAR_DATE),
      number: (value: number) => intl.formatNumber(value),
    }),
    [intl],
  );
}

export type Words = ReturnType<typeof useWords>;

/** One click to the other language ("Español" / "English"), in that language's own name. */
export function LanguageSwitch() {
  const { locale, choose } = useLanguage();
  const { t } = useWords();
  const [busy, setBusy] = useState(false);
  return (
    <span className="language-switch" role="group" aria-label={t('language.switchLabel')}>
      {LOCALES.filter((other) => other !== locale).map((other) => (
        <button
          key={other}
          type="button"
          className="link-button"
          lang={INTL_LOCALES[other]}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void choose(other).finally(() => {
              setBusy(false);
            });
          }}
        >
          {LOCALE_NAMES[other]}
        </button>
      ))}
    </span>
  );
}
