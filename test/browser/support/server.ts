// The real isocourse server for browser tests and screenshots: a fresh database on the shared
// test cluster (createTestDatabase: the embedded PostgreSQL, or DATABASE_URL), the demo practice
// seeded through the real use cases, the real clock, the built web app, and the API listening on
// 127.0.0.1 at a free port. Exactly what `npm start` serves, minus the scheduled work.
//
//   const server = await startDemoServer();
//   after(() => server.close());
//   await page.goto(`${server.url}/`);
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/api/app.js';
import { buildWebApp, webAppStale } from '../../../src/api/webApp.js';
import { seedDemoPractice } from '../../../src/demo/demoPractice.js';
import { DEFAULT_PROGRAM_CONFIG } from '../../../src/domain/ruleSets.js';
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

let building: Promise<void> | undefined;

/** Builds web/ into web/dist when the build is missing or older than a source file (a few seconds). */
export function ensureWebAppBuilt(log: (message: string) => void = () => {}): Promise<void> {
  return (building ??= (async () => {
    if (webAppStale()) {
      const started = Date.now();
      await buildWebApp();
      log(`built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  })());
}

export async function startDemoServer(options: { log?: (message: string) => void } = {}): Promise<DemoServer> {
  const log = options.log ?? (() => {});
  const [database] = await Promise.all([createTestDatabase(), ensureWebAppBuilt(log)]);
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
    const app = await buildApp(services, { webApp: true });
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
