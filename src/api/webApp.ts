// The web app (web/, built by Vite into web/dist) served by the API's own server: its files at /,
// and index.html for every other page address that is not part of the API, so that a reload or a
// bookmark of /patients/… opens the app on that page — except the public medicine pages, which
// the build pre-rendered (web/build/afterBuild.ts): their address answers their own HTML, readable
// without JavaScript, which the app then takes over.
// Files go compressed to a browser that accepts it, from the brotli and gzip copies the build
// wrote beside each (no compression work per request). The API's JSON answers are not compressed:
// they are small, and compressing answers that hold patient data beside text a requester chose
// would open them to length-based guessing (BREACH) for little gain — the safer choice.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

export function webAppBuilt(dist = WEB_DIST): boolean {
  return fs.existsSync(path.join(dist, 'index.html'));
}

/** The build's folder of pre-rendered pages: prerendered/medicine/faq.html for /medicine/faq (web/build/afterBuild.ts). */
const PRERENDERED_DIR = 'prerendered';

export interface WebApp {
  /** The file (in the build) that answers a page address: its pre-rendered page, else index.html. */
  pageFile(url: string): string;
}

/** The pre-rendered pages of a build: page address → file, read once at start. */
function prerenderedPages(dist: string): Map<string, string> {
  const pages = new Map<string, string>();
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(path.join(dist, directory), { withFileTypes: true })) {
      const file = path.posix.join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.html')) {
        // faq.html is the English page, faq.es.html the Spanish one (keyed "es:/medicine/faq").
        const [, address = '', language] = /^(.*?)(?:\.([a-z]{2}))?\.html$/.exec(file.slice(PRERENDERED_DIR.length)) ?? [];
        pages.set(language === undefined ? address : `${language}:${address}`, file);
      }
    }
  };
  if (fs.existsSync(path.join(dist, PRERENDERED_DIR))) {
    walk(PRERENDERED_DIR);
  }
  return pages;
}

/** Registers the web app when it is built; answers it, or null when there is no build. */
export async function serveWebApp(app: FastifyInstance, dist = WEB_DIST): Promise<WebApp | null> {
  if (!webAppBuilt(dist)) {
    return null;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    // x.js is sent from x.js.br or x.js.gz when the browser accepts it (and they exist).
    preCompressed: true,
    // Routes for the files themselves only: not for their compressed copies, nor for the
    // pre-rendered pages, which answer at their page address (pageFile), not at their file's.
    globIgnore: ['**/*.br', '**/*.gz', `${PRERENDERED_DIR}/**`],
    setHeaders: (response, filePath) => {
      // One address, several encodings: caches keep each apart.
      response.setHeader('vary', 'accept-encoding');
      // The API's no-store stays for the pages; the hashed assets never change under one name.
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  const prerendered = prerenderedPages(dist);
  return {
    pageFile(url) {
      // The exact address only: at /medicine/faq/ the app's menu would not mark the page as the
      // one shown, unlike its pre-rendered HTML, so that address gets the app as before.
      // Another language is asked for with ?lang= (as the app reads it): that language's page, and
      // the app (not the English page) when there is none, since the app's first render is in the
      // language asked for and must match the markup it takes over. An unknown language: English.
      const [pathname = '', query = ''] = url.split('?');
      const language = new URLSearchParams(query).get('lang');
      if (language !== null && language !== 'en' && /^[a-z]{2}$/.test(language)) {
        const translated = prerendered.get(`${language}:${pathname}`);
        if (translated !== undefined || [...prerendered.keys()].some((key) => key.startsWith(`${language}:`))) {
          return translated ?? 'index.html';
        }
      }
      return prerendered.get(pathname) ?? 'index.html';
    },
  };
}

/** Page addresses of the app (not the API, not a file): answered with index.html or their pre-rendered page. */
export function isAppPage(method: string, url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return (method === 'GET' || method === 'HEAD') && !pathname.startsWith('/api/') && pathname !== '/api' && !/\.[a-z0-9]+$/i.test(pathname);
}

function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const entryPath = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(entryPath) : fs.statSync(entryPath).mtimeMs);
  }
  return newest;
}

/** The build is missing, or older than a source file of the app. */
export function webAppStale(): boolean {
  if (!webAppBuilt()) {
    return true;
  }
  const built = fs.statSync(path.join(WEB_DIST, 'index.html')).mtimeMs;
  const sources = Math.max(
    newestChange(path.join(WEB_ROOT, 'src')),
    newestChange(path.join(WEB_ROOT, 'public')),
    newestChange(path.join(WEB_ROOT, 'build')),
    fs.statSync(path.join(WEB_ROOT, 'index.html')).mtimeMs,
    fs.statSync(path.join(WEB_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

/** Builds web/ into web/dist with Vite (a few seconds): `npm start` does it when the build is stale. */
export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
