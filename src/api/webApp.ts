// The web app (web/, built by Vite into web/dist) served by the API's own server: its files at /,
// and index.html for every other page address that is not part of the API, so that a reload or a
// bookmark of /patients/… opens the app on that page.
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

/** Registers the web app when it is built; answers whether it did. */
export async function serveWebApp(app: FastifyInstance, dist = WEB_DIST): Promise<boolean> {
  if (!webAppBuilt(dist)) {
    return false;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    // The API's no-store stays for index.html; the hashed assets never change under one name.
    setHeaders: (response, filePath) => {
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  return true;
}

/** Page addresses of the app (not the API, not a file): answered with index.html. */
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
    fs.statSync(path.join(WEB_ROOT, 'index.html')).mtimeMs,
  );
  return sources > built;
}

/** Builds web/ into web/dist with Vite (a few seconds): `npm start` does it when the build is stale. */
export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
