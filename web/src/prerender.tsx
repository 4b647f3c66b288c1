// The public medicine pages as HTML, rendered at build time (web/build/publicPages.ts loads this
// module after `vite build` and writes each page into the build): a browser without JavaScript, or
// a search engine, reads the whole page, review date and sources included. The markup is the app's
// own first render of that address (App, no session yet), so the app takes it over (hydrateRoot in
// main.tsx) without a difference. The pharmacy ratings page is not among them: it is data from the
// API, not text fixed at build.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router-dom';
import { App, PUBLIC_SITE } from './App';
import { documentTitle } from './pages/public/medicineContent';
import { LanguageProvider } from './i18n/I18n';
import { INTL_LOCALES, LOCALES, type Locale } from './i18n/locales';
import { MEDICINE_CONTENT } from './pages/public/medicineContents';
import { SessionProvider } from './session';

export interface PrerenderedPage {
  /** The page's address, e.g. /medicine/faq (in every language: another one is asked for with ?lang=). */
  path: string;
  /** Its language (the file is <path>.html in English, <path>.<locale>.html in another), and the <html lang> it is written in. */
  locale: Locale;
  htmlLang: string;
  /** For <title> and <meta name="description">. */
  title: string;
  description: string;
  /** What goes inside <div id="root">. */
  html: string;
}

export async function prerenderPublicPages(): Promise<PrerenderedPage[]> {
  await PUBLIC_SITE.load();
  return LOCALES.flatMap((locale) =>
    MEDICINE_CONTENT[locale].pages.map((page) => ({
      path: page.path,
      locale,
      htmlLang: INTL_LOCALES[locale],
      title: documentTitle(page),
      description: page.summary,
      html: renderToString(
        <StrictMode>
          <StaticRouter location={locale === 'en' ? page.path : `${page.path}?lang=${locale}`}>
            <SessionProvider>
              <LanguageProvider initialLocale={locale}>
                <App />
              </LanguageProvider>
            </SessionProvider>
          </StaticRouter>
        </StrictMode>,
      ),
    })),
  );
}
