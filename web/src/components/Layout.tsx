// The frame of every page after log-in: who you are, the pages of your role, log-out. A skip link
// and landmarks for keyboard and screen-reader users; the menu collapses on a phone.
import { useState, type ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { LanguageSwitch, useWords } from '../i18n/I18n';
import type { MessageId } from '../i18n/messages/en';
import { useMe, useSession, type Role } from '../session';

/** The patient's menu, in her language (i18n/messages). */
const PATIENT_NAVIGATION: ReadonlyArray<readonly [string, MessageId]> = [
  ['/', 'nav.todo'],
  ['/course', 'nav.course'],
  ['/wallet-card', 'nav.walletCard'],
  ['/questions', 'nav.questions'],
  ['/mood', 'nav.mood'],
  ['/symptoms', 'nav.symptoms'],
  ['/inbox', 'nav.inbox'],
  ['/learn', 'nav.learn'],
  ['/orders', 'nav.orders'],
  ['/messages', 'nav.messages'],
];

/** The staff's menus (their pages stay English). */
const NAVIGATION: Record<Exclude<Role, 'patient'>, ReadonlyArray<readonly [string, string]>> = {
  prescriber: [
    ['/', 'Worklist'],
    ['/patients', 'Patients'],
    ['/patients/new', 'Enroll'],
    ['/labs/import', 'Import labs'],
  ],
  delegate: [
    ['/', 'Worklist'],
    ['/patients', 'Patients'],
    ['/labs/import', 'Import labs'],
  ],
  pharmacist: [
    ['/', 'Queue'],
    ['/find', 'Find a patient'],
    ['/queue', 'Waiting fills'],
    ['/orders', 'Orders'],
    ['/support', 'Support messages'],
    ['/feedback', 'Patient feedback'],
    ['/prices', 'Prices and payments'],
  ],
  admin: [
    ['/', 'Users'],
    ['/settings', 'Clinic settings'],
    ['/connected-systems', 'Connected systems'],
    ['/audit', 'Audit trail'],
  ],
};

const ROLE_NAMES: Record<Role, string> = {
  prescriber: 'Prescriber',
  delegate: 'Delegate',
  pharmacist: 'Pharmacist',
  patient: 'Patient',
  admin: 'Administrator',
};

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logOut } = useSession();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const { t } = useWords();
  const navigation = me.role === 'patient' ? PATIENT_NAVIGATION.map(([to, id]) => [to, t(id)] as const) : NAVIGATION[me.role];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">isocourse</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => {
            setMenuOpen(!menuOpen);
          }}
        >
          {t('common.menu')}
        </button>
        <nav id="main-nav" aria-label={t('common.mainNav')} className={menuOpen ? 'open' : ''}>
          <ul>
            {navigation.map(([to, label]) => (
              <li key={to}>
                <NavLink
                  to={to}
                  end
                  onClick={() => {
                    setMenuOpen(false);
                  }}
                >
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {me.displayName} <span className="role">· {me.role === 'patient' ? t('common.rolePatient') : ROLE_NAMES[me.role]}</span>
          </span>
          {me.role === 'patient' ? <LanguageSwitch /> : null}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void logOut().then(() => navigate('/'));
            }}
          >
            {t('common.logOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
