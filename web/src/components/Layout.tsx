// The frame of every page after log-in: who you are, the pages of your role, log-out. A skip link
// and landmarks for keyboard and screen-reader users; the menu collapses on a phone.
import { useState, type ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { useMe, useSession, type Role } from '../session';

const NAVIGATION: Record<Role, ReadonlyArray<readonly [string, string]>> = {
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
  patient: [
    ['/', 'To do'],
    ['/course', 'My course'],
    ['/wallet-card', 'Wallet card'],
    ['/questions', 'Questions'],
    ['/mood', 'Mood check'],
    ['/symptoms', 'Symptoms'],
    ['/inbox', 'Reminders'],
    ['/learn', 'Learn'],
    ['/orders', 'Orders'],
    ['/messages', 'Messages'],
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
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
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
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : ''}>
          <ul>
            {NAVIGATION[me.role].map(([to, label]) => (
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
            {me.displayName} <span className="role">· {ROLE_NAMES[me.role]}</span>
          </span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void logOut().then(() => navigate('/'));
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
