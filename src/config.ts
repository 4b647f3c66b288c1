// Deployment settings, read once from the environment at start-up (README: Configuration).
import { isIsoDate, isTimeZone } from './domain/dates.js';
import { DEFAULT_PROGRAM_CONFIG, type ProgramConfig } from './domain/ruleSets.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './api/httpLimits.js';
import { preparedStatementsSetting } from './db/database.js';
import { defaultLogInAdmission, type LogInAdmissionSettings } from './services/auth/logInAdmission.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** External PostgreSQL; when absent isocourse starts its embedded server. */
  databaseUrl: string | undefined;
  /**
   * ISOCOURSE_DATA_DIR, the embedded PostgreSQL's data directory. Unset: ./data, or where
   * src/db/postgresServer.ts (chooseEmbeddedLayout) places it when PostgreSQL's OS user cannot reach ./data.
   */
  dataDir: string | undefined;
  program: ProgramConfig;
  /** Time zone used to show dates to a practice that has not set its own. */
  clinicTimeZone: string;
  sessionHours: number;
  sessionIdleMinutes: number;
  /** Days a shipped order is promised to arrive in; later, it is flagged (ORDER_DELIVERY_DAYS). */
  orderDeliveryDays?: number;
  /** Hours the pharmacy aims to answer a patient's support message in; later, it is flagged (SUPPORT_RESPONSE_HOURS). */
  supportResponseHours?: number;
  /** Reminders also go out by email through this SMTP server (e.g. smtp://user:pass@host:587). */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Time-outs and caps of the HTTP server (README: Configuration). */
  http: HttpLimits;
  /**
   * Build (when stale) and serve the web app at / (ISOCOURSE_WEB_APP, default true). `false` makes
   * an API-only server: nothing is built at start, / is not served (e.g. servers behind a balancer
   * that serves web/dist itself, or the three-server test, which drives the API only).
   */
  webApp: boolean;
  /**
   * TRUST_PROXY: the addresses (IPs or CIDR ranges, comma-separated) of the load balancers whose
   * X-Forwarded-For is believed, so that the log-in throttle and the audit trail see the client's
   * address rather than the balancer's. Unset: nobody's (the header is ignored; a client could
   * write anything in it), the safer default for a server not behind a balancer.
   */
  trustProxy: string | undefined;
  /**
   * This process's bounded queue in front of the password hash (LOGIN_HASH_CONCURRENCY,
   * LOGIN_QUEUE_LENGTH, LOGIN_QUEUE_MAX_WAIT_SECONDS, LOGIN_HASH_NICE; services/auth/logInAdmission.ts).
   */
  logInAdmission: LogInAdmissionSettings;
  /** DATABASE_PREPARED_STATEMENTS: named prepared statements (src/db/database.ts); false behind PgBouncer < 1.21. */
  preparedStatements: boolean;
}

function httpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const seconds = (name: string, fallbackMs: number): number => Math.round(positiveNumber(env, name, fallbackMs / 1000) * 1000);
  const count = (name: string, fallback: number): number => Math.ceil(positiveNumber(env, name, fallback));
  const limits: HttpLimits = {
    headersTimeoutMs: seconds('HTTP_HEADERS_TIMEOUT_SECONDS', DEFAULT_HTTP_LIMITS.headersTimeoutMs),
    requestTimeoutMs: seconds('HTTP_REQUEST_TIMEOUT_SECONDS', DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    idleTimeoutMs: seconds('HTTP_IDLE_TIMEOUT_SECONDS', DEFAULT_HTTP_LIMITS.idleTimeoutMs),
    keepAliveTimeoutMs: seconds('HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    maxConnections: count('HTTP_MAX_CONNECTIONS', DEFAULT_HTTP_LIMITS.maxConnections),
    maxRequestsPerSocket: count('HTTP_MAX_REQUESTS_PER_SOCKET', DEFAULT_HTTP_LIMITS.maxRequestsPerSocket),
    checkIntervalMs: DEFAULT_HTTP_LIMITS.checkIntervalMs,
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error('HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  }
  return limits;
}

/** true or false, nothing else: a typo in a safety setting must not silently mean "off". */
function booleanSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  if (value !== 'true' && value !== 'false') {
    throw new Error(`${name} must be true or false, not "${value}"`);
  }
  return value === 'true';
}

function logInAdmission(env: NodeJS.ProcessEnv): LogInAdmissionSettings {
  const defaults = defaultLogInAdmission();
  const concurrency = Math.ceil(positiveNumber(env, 'LOGIN_HASH_CONCURRENCY', defaults.concurrency));
  // The queue's default follows the concurrency actually set: 32 waiting log-ins per running hash.
  const queueLength = Math.ceil(positiveNumber(env, 'LOGIN_QUEUE_LENGTH', 32 * concurrency));
  const maxWaitMs = Math.round(positiveNumber(env, 'LOGIN_QUEUE_MAX_WAIT_SECONDS', defaults.maxWaitMs / 1000) * 1000);
  const hashNice = env['LOGIN_HASH_NICE'] === undefined || env['LOGIN_HASH_NICE'] === '' ? (defaults.hashNice ?? 19) : Number(env['LOGIN_HASH_NICE']);
  if (!Number.isInteger(hashNice) || hashNice < 0 || hashNice > 19) {
    throw new Error(`LOGIN_HASH_NICE must be an integer from 0 (normal priority) to 19 (lowest), not "${env['LOGIN_HASH_NICE']}"`);
  }
  return { concurrency, queueLength, maxWaitMs, hashNice };
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, not "${env[name]}"`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const program: ProgramConfig = {
    rems2026EffectiveDate: env['REMS_2026_EFFECTIVE_DATE'] ?? DEFAULT_PROGRAM_CONFIG.rems2026EffectiveDate,
    enforcementDiscretion: (env['FDA_ENFORCEMENT_DISCRETION'] ?? 'true') !== 'false',
    remsTimeZone: env['REMS_TIMEZONE'] ?? DEFAULT_PROGRAM_CONFIG.remsTimeZone,
    programRmaRequired: booleanSetting(env, 'PROGRAM_RMA_REQUIRED', DEFAULT_PROGRAM_CONFIG.programRmaRequired),
    programOutageHorizonDays: Math.min(60, Math.ceil(positiveNumber(env, 'PROGRAM_OUTAGE_HORIZON_DAYS', DEFAULT_PROGRAM_CONFIG.programOutageHorizonDays))),
  };
  if (!isIsoDate(program.rems2026EffectiveDate)) {
    throw new Error(`REMS_2026_EFFECTIVE_DATE must be a date written YYYY-MM-DD, not "${program.rems2026EffectiveDate}"`);
  }
  const clinicTimeZone = env['CLINIC_TIMEZONE'] ?? 'America/New_York';
  for (const [name, zone] of [
    ['REMS_TIMEZONE', program.remsTimeZone],
    ['CLINIC_TIMEZONE', clinicTimeZone],
  ] as const) {
    if (!isTimeZone(zone)) {
      throw new Error(`${name} must be an IANA time zone such as America/New_York, not "${zone}"`);
    }
  }
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, not "${env['PORT']}"`);
  }
  return {
    host: env['HOST'] ?? '127.0.0.1',
    port,
    databaseUrl: env['DATABASE_URL'] || undefined,
    dataDir: env['ISOCOURSE_DATA_DIR']?.trim() || undefined,
    program,
    clinicTimeZone,
    sessionHours: positiveNumber(env, 'SESSION_HOURS', 12),
    sessionIdleMinutes: positiveNumber(env, 'SESSION_IDLE_MINUTES', 30),
    orderDeliveryDays: Math.min(60, Math.ceil(positiveNumber(env, 'ORDER_DELIVERY_DAYS', 10))),
    supportResponseHours: Math.min(24 * 30, positiveNumber(env, 'SUPPORT_RESPONSE_HOURS', 48)),
    smtpUrl: env['SMTP_URL'] || undefined,
    smtpFrom: env['SMTP_FROM'] ?? 'isocourse <no-reply@isocourse.invalid>',
    http: httpLimits(env),
    webApp: env['ISOCOURSE_WEB_APP'] !== 'false',
    trustProxy: env['TRUST_PROXY']?.trim() || undefined,
    logInAdmission: logInAdmission(env),
    preparedStatements: preparedStatementsSetting(env),
  };
}
