// Which pages a user gets: the public pages (pages/public, under /medicine) for everyone, logged in
// or not; otherwise the log-in page until there is a session, then the pages of their role (each
// role's pages live in pages/<role>/ and declare their routes in one file there).
import { Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { Loading } from './components/status';
import { ActivatePage } from './pages/ActivatePage';
import { LogInPage } from './pages/LogInPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { DELEGATE_PAGES, PRESCRIBER_PAGES } from './pages/prescriber/routes';
import { ADMIN_PAGES } from './pages/admin/routes';
import { PATIENT_PAGES } from './pages/patient/routes';
import { PHARMACIST_PAGES } from './pages/pharmacist/routes';
import { isPublicPath } from './pages/public/nav';
import { PublicLayout } from './pages/public/PublicLayout';
import { PUBLIC_PAGES } from './pages/public/routes';
import { useSession, type Role } from './session';
import type { ReactElement } from 'react';

/** Each role's pages: path → page (the path '/' is the role's home page). */
const ROLE_PAGES: Record<Role, ReadonlyArray<readonly [string, ReactElement]>> = {
  prescriber: PRESCRIBER_PAGES,
  delegate: DELEGATE_PAGES,
  pharmacist: PHARMACIST_PAGES,
  patient: PATIENT_PAGES,
  admin: ADMIN_PAGES,
};

export function App() {
  const { me, loading } = useSession();
  const { pathname } = useLocation();
  if (isPublicPath(pathname)) {
    return (
      <PublicLayout>
        <Routes>
          {PUBLIC_PAGES.map(([path, page]) => (
            <Route key={path} path={path} element={page} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </PublicLayout>
    );
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
  return (
    <Layout>
      <Routes>
        {ROLE_PAGES[me.role].map(([path, page]) => (
          <Route key={path} path={path} element={page} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
