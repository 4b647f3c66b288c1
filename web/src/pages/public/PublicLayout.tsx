// The frame of the public pages: the site name, the information pages, and "Log in" (or the way
// back to one's own pages when logged in). A skip link and landmarks, as in the logged-in Layout;
// the menu collapses on a phone.
import { useState, type ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';
import { LanguageSwitch, useLanguage, useWords } from '../../i18n/I18n';
import type { MessageId } from '../../i18n/messages/en';
import { useSession } from '../../session';
import { localizedPath } from './medicineContents';
import { PUBLIC_NAV } from './nav';
import './public.css';

/** The navigation's words in each language, by address (nav.ts keeps the English, its order and addresses). */
const NAV_WORDS: Readonly<Record<string, MessageId>> = {
  '/medicine': 'publicNav.about',
  '/medicine/how-it-works': 'publicNav.howItWorks',
  '/medicine/course': 'publicNav.course',
  '/medicine/side-effects': 'publicNav.sideEffects',
  '/medicine/pregnancy-prevention': 'publicNav.pregnancyPrevention',
  '/medicine/faq': 'publicNav.faq',
  '/medicine/service-ratings': 'publicNav.ratings',
};

export function PublicLayout({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const { t } = useWords();
  const { locale } = useLanguage();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="top-bar public-bar">
        <Link to={localizedPath('/medicine', locale)} className="brand">
          isocourse
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="public-nav"
          onClick={() => {
            setMenuOpen(!menuOpen);
          }}
        >
          {t('common.menu')}
        </button>
        <nav id="public-nav" aria-label={t('public.nav')} className={menuOpen ? 'open' : ''}>
          <ul>
            {PUBLIC_NAV.map(([to, label]) => (
              <li key={to}>
                <NavLink
                  // In another language the address says so: a reader without JavaScript, or a
                  // search engine, follows it to that language's pre-rendered page.
                  to={localizedPath(to, locale)}
                  end
                  onClick={() => {
                    setMenuOpen(false);
                  }}
                >
                  {NAV_WORDS[to] === undefined ? label : t(NAV_WORDS[to])}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <LanguageSwitch />
          {me === null ? (
            <Link to="/" className="button">
              {t('public.logIn')}
            </Link>
          ) : (
            <Link to="/">{t('public.backToMyPages')}</Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        {children}
      </main>
    </>
  );
}
