// The public pages in their frame: a chunk of the build of its own, which App.tsx downloads for
// an address under /medicine (and which the build pre-renders to HTML: web/src/prerender.tsx).
import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../NotFoundPage';
import { PublicLayout } from './PublicLayout';
import { PUBLIC_PAGES } from './routes';

export function PublicSite() {
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
