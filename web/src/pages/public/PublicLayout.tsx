// The frame of the public pages: the site name, the information pages, and "Log in" (or the way
// back to one's own pages when logged in). A skip link and landmarks, as in the logged-in Layout;
// the menu collapses on a phone.
import { useState, type ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';
import { useSession } from '../../session';
import { PUBLIC_NAV } from './nav';
import './public.css';

export function PublicLayout({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar public-bar">
        <Link to="/medicine" className="brand">
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
          Menu
        </button>
        <nav id="public-nav" aria-label="Medicine information" className={menuOpen ? 'open' : ''}>
          <ul>
            {PUBLIC_NAV.map(([to, label]) => (
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
          {me === null ? (
            <Link to="/" className="button">
              Log in
            </Link>
          ) : (
            <Link to="/">Back to my pages</Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        {children}
      </main>
    </>
  );
}
