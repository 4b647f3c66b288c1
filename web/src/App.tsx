// Which pages a user gets: the public pages (pages/public, under /medicine) for everyone, logged in
// or not; otherwise the log-in page until there is a session, then the pages of their role (each
// role's pages live in pages/<role>/ and declare their routes in one file there).
// Each role's pages and the public pages are downloaded only when shown (lazyPart.ts): the first
// page, the log-in page, carries none of them.
import { Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { Loading } from './components/status';
import { lazyPart, usePart, type LazyPart, type PartState } from './lazyPart';
import { ActivatePage } from './pages/ActivatePage';
import { LogInPage } from './pages/LogInPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { isPublicPath } from './pages/public/nav';
import { useSession, type Role } from './session';
import type { ReactElement } from 'react';

type PageList = ReadonlyArray<readonly [string, ReactElement]>;

/** Each role's pages: path → page (the path '/' is the role's home page). */
const ROLE_PAGES: Record<Role, LazyPart<PageList>> = {
  prescriber: lazyPart(() => import('./pages/prescriber/routes').then((part) => part.PRESCRIBER_PAGES)),
  delegate: lazyPart(() => import('./pages/prescriber/routes').then((part) => part.DELEGATE_PAGES)),
  pharmacist: lazyPart(() => import('./pages/pharmacist/routes').then((part) => part.PHARMACIST_PAGES)),
  patient: lazyPart(() => import('./pages/patient/routes').then((part) => part.PATIENT_PAGES)),
  admin: lazyPart(() => import('./pages/admin/routes').then((part) => part.ADMIN_PAGES)),
};

/** The public pages with their frame (main.tsx downloads it before taking over a pre-rendered page). */
export const PUBLIC_SITE = lazyPart(() => import('./pages/public/PublicSite').then((part) => part.PublicSite));

/** While a part downloads, or when its download failed (a phone that lost its network). */
function PartMissing({ part, what }: { part: Exclude<PartState<unknown>, { state: 'loaded' }>; what: string }) {
  return part.state === 'loading' ? (
    <Loading what={what} />
  ) : (
    <div className="problem" role="alert">
      <p className="problem-title">{`Could not load ${what}.`}</p>
      <p>Check the connection, then try again.</p>
      <button type="button" onClick={part.retry}>
        Try again
      </button>
    </div>
  );
}

function PublicPages() {
  const site = usePart(PUBLIC_SITE);
  if (site.state === 'loaded') {
    const PublicSite = site.value;
    return <PublicSite />;
  }
  return (
    <main id="main">
      <PartMissing part={site} what="this page" />
    </main>
  );
}

function RolePages({ role }: { role: Role }) {
  const pages = usePart(ROLE_PAGES[role]);
  return (
    <Layout>
      {pages.state === 'loaded' ? (
        <Routes>
          {pages.value.map(([path, page]) => (
            <Route key={path} path={path} element={page} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      ) : (
        <PartMissing part={pages} what="your pages" />
      )}
    </Layout>
  );
}

export function App() {
  const { me, loading } = useSession();
  const { pathname } = useLocation();
  if (isPublicPath(pathname)) {
    return <PublicPages />;
  }
  // A patient's first visit, from her activation link: with or without a session.
  if (pathname === '/activate') {
    return <ActivatePage />;
  }
  if (loading) {
    return (
      <main id="main">
        <Loading what="isocourse" />
      </main>
    );
  }
  if (me === null) {
    return <LogInPage />;
  }
  return <RolePages role={me.role} />;
}
