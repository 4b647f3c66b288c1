// The real isocourse server for browser tests and screenshots: a fresh database on the shared
// test cluster (createTestDatabase: the embedded PostgreSQL, or DATABASE_URL), the demo practice
// seeded through the real use cases, the real clock, the web app built from web/src, and the API
// listening on 127.0.0.1 at a free port. Exactly what `npm start` serves, minus the scheduled work.
//
//   const server = await startDemoServer();
//   after(() => server.close());
//   await page.goto(`${server.url}/`);
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/api/app.js';
import { WEB_ROOT } from '../../../src/api/webApp.js';
import { seedDemoPractice } from '../../../src/demo/demoPractice.js';
import { DEFAULT_PROGRAM_CONFIG, type ProgramConfig } from '../../../src/domain/ruleSets.js';
import type { Services } from '../../../src/services/context.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

export interface DemoServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  app: FastifyInstance;
  services: Services;
  database: TestDatabase;
  close(): Promise<void>;
}

let building: Promise<string> | undefined;

/**
 * Builds web/src (as `npm run build:web` does, a few seconds) into a folder of this process's own,
 * once per process, and answers where. Not web/dist: another test run, `npm start` or a developer's
 * `npm run build:web` may rebuild that one while these pages load (emptying it first), and a test
 * must see the sources as they are, not a build that happens to be there.
 */
export function buildWebAppForTests(log: (message: string) => void = () => {}): Promise<string> {
  return (building ??= (async () => {
    const started = Date.now();
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocourse-web-'));
    process.on('exit', () => {
      fs.rmSync(outDir, { recursive: true, force: true });
    });
    const { build } = await import('vite');
    await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    log(`built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return outDir;
  })());
}

export async function startDemoServer(options: { log?: (message: string) => void; program?: Partial<ProgramConfig> } = {}): Promise<DemoServer> {
  const log = options.log ?? (() => {});
  const [database, webAppDir] = await Promise.all([createTestDatabase(), buildWebAppForTests(log)]);
  try {
    const services: Services = {
      db: database.db,
      program: DEFAULT_PROGRAM_CONFIG,
      // The real clock: the demo's histories are laid out around today, as after `npm start`.
      now: () => new Date(),
      sessionHours: 12,
      sessionIdleMinutes: 30,
      clinicTimeZone: 'America/New_York',
    };
    const seeding = Date.now();
    await seedDemoPractice(services);
    log(`seeded the demo practice in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    // The demo's history is seeded under the default settings (its past dispenses needed only
    // isocourse's own number); the settings given apply from now on, as after a deployment's change.
    services.program = { ...DEFAULT_PROGRAM_CONFIG, ...options.program };
    const app = await buildApp(services, { webApp: true, webAppDir });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    let closing: Promise<void> | undefined;
    return {
      url: address.replace(/\/$/, ''),
      app,
      services,
      database,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          await database.drop();
        })()),
    };
  } catch (error) {
    await database.drop().catch(() => {});
    throw error;
  }
}
