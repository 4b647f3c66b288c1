// `npm start`: start (or adopt) the database, apply migrations, seed the demo practice into an
// empty database, and serve the API.
import { buildApp } from './api/app.js';
import { buildWebApp, webAppStale } from './api/webApp.js';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { startDatabase, stopOnShutdownSignals } from './db/postgresServer.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoPractice } from './demo/demoPractice.js';
import { createServices } from './createServices.js';
import { startScheduledWork } from './scheduledWork.js';

// The operator's terminal lines (start, migrations, shutdown) stay plain text on purpose; what the
// running server logs (requests, errors, scheduled work) goes through Fastify's pino logger as JSON.
const log = (message: string): void => {
  console.log(`[isocourse] ${message}`);
};

const started = Date.now();
const config = readConfig();
const database = await startDatabase({
  dataDir: config.dataDir,
  ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  log,
}).catch((error: unknown): never => {
  // What to do, in plain words (a StartupError is one sentence); a stack trace would only hide it.
  console.error(`[isocourse] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const applied = await migrate(database.connectionString);
if (applied.length > 0) {
  log(`applied migrations: ${applied.join(', ')}`);
}
const services = createServices(database.connectionString, config);
const seeded = process.env['ISOCOURSE_DEMO'] === 'false' ? false : await seedDemoPractice(services);
if (seeded) {
  log('seeded the synthetic demo practice (20 patients)');
}
if (config.webApp && webAppStale()) {
  log('building the web app (web/ → web/dist)…');
  await buildWebApp();
}
const app = await buildApp(services, {
  logger: process.env['LOG_REQUESTS'] === 'true',
  http: config.http,
  webApp: config.webApp,
  trustProxy: config.trustProxy,
});
stopOnShutdownSignals(database, {
  beforeStop: async () => {
    await app.close();
    await services.db.destroy();
  },
  log,
});
const address = await app.listen({ host: config.host, port: config.port });
// Worklist upkeep and reminder delivery, every minute, in the background.
startScheduledWork(services, {
  info: (message) => {
    app.log.info(message);
  },
  error: (error, message) => {
    app.log.error({ err: error }, message);
  },
});
log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${address}`);
log(`API document: ${address}/api/openapi.json`);
log(`database: ${database.embedded ? `embedded PostgreSQL in ${database.dataDir}` : 'external PostgreSQL (DATABASE_URL)'}`);
log(`reminders: in-app inbox${config.smtpUrl === undefined ? '' : ' and email (SMTP_URL)'}`);
log(`rules: REMS-2026 from ${config.program.rems2026EffectiveDate}; "today" counted in ${config.program.remsTimeZone}`);
log(`demo log-ins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((login) => `${login.role} ${login.email}`).join(', ')}`);
