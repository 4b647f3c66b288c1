// Wires the use cases' dependencies: the database pool, the program settings and the clock. Part of
// the composition (beside main.ts and config.ts), not of src/services: it reads the server's settings.
import { createDatabase } from './db/database.js';
import type { ServerConfig } from './config.js';
import { LogInAdmission } from './services/auth/logInAdmission.js';
import type { Services } from './services/context.js';
import { smtpTransport } from './services/reminders/transports.js';

export function createServices(connectionString: string, config: ServerConfig, now: () => Date = () => new Date()): Services {
  return {
    db: createDatabase(connectionString, { preparedStatements: config.preparedStatements }),
    program: config.program,
    now,
    sessionHours: config.sessionHours,
    sessionIdleMinutes: config.sessionIdleMinutes,
    clinicTimeZone: config.clinicTimeZone,
    ...(config.orderDeliveryDays === undefined ? {} : { orderDeliveryDays: config.orderDeliveryDays }),
    ...(config.supportResponseHours === undefined ? {} : { supportResponseHours: config.supportResponseHours }),
    logInAdmission: new LogInAdmission(config.logInAdmission),
    ...(config.smtpUrl === undefined ? {} : { messageTransport: smtpTransport(config.smtpUrl, config.smtpFrom) }),
  };
}
