import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App, PUBLIC_SITE } from './App';
import { LanguageProvider } from './i18n/I18n';
import { SessionProvider } from './session';
import './styles.css';

const container = document.getElementById('root');
if (container === null) {
  throw new Error('index.html has no #root element to render the app into');
}
const app = (
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <LanguageProvider>
          <App />
        </LanguageProvider>
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>
);

if (container.hasChildNodes()) {
  // A public page pre-rendered at build (prerender.tsx): its part is downloaded first, so that the
  // app's first render is the same markup and takes it over (hydrates) instead of replacing it.
  // Should the download fail, the app starts afresh in place of the page (and says so).
  PUBLIC_SITE.load().then(
    () => hydrateRoot(container, app),
    () => {
      container.replaceChildren();
      createRoot(container).render(app);
    },
  );
} else {
  createRoot(container).render(app);
}
