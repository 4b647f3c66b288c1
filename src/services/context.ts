// What every use case receives: the database, the program settings, the clock, and who is asking.
import type { Kysely } from 'kysely';
import { calendarDateAt, type IsoDate } from '../domain/dates.js';
import type { ProgramConfig } from '../domain/ruleSets.js';
import type { Database } from '../db/schema.js';
import type { LogInAdmission } from './auth/logInAdmission.js';
import type { MessageTransport } from './reminders/transports.js';

export type Role = 'admin' | 'prescriber' | 'delegate' | 'pharmacist' | 'patient';

export interface Actor {
  userId: string;
  role: Role;
  organizationId: string | null;
  /** For a delegate: the prescriber they record for. */
  supervisingPrescriberId: string | null;
  /** Where the request came from, for the audit trail. */
  ip: string | null;
  /** Set when a registered machine (an EHR or a pharmacy system, issue 11) is asking. */
  client?: InteropClient;
}

/**
 * A machine registered by an administrator and authenticated with SMART Backend Services. A
 * practice's client sees that practice's patients; a pharmacy's follows the pharmacy's paths.
 */
export interface InteropClient {
  /** The row id (interop_clients.id). */
  id: string;
  /** The client_id it authenticates with. */
  clientId: string;
  name: string;
  kind: 'practice' | 'pharmacy';
  organizationId: string;
  /** The scopes granted to this access token. */
  scopes: string[];
}

/** A registered machine acting (interop/smart/clientAuth.ts authenticates it). */
export interface ClientActor extends Actor {
  client: InteropClient;
}

export interface Services {
  db: Kysely<Database>;
  program: ProgramConfig;
  /** The only clock read in isocourse; tests replace it. */
  now: () => Date;
  /** A session ends this many hours after log-in… */
  sessionHours: number;
  /** …or after this many minutes without a request, whichever comes first. */
  sessionIdleMinutes: number;
  /** The time zone moments are shown in for an organization without its own (CLINIC_TIMEZONE; default America/New_York). */
  clinicTimeZone?: string;
  /** Days a shipped order is promised to arrive in (default 10, domestic); later, it is flagged. */
  orderDeliveryDays?: number;
  /** Hours the pharmacy aims to answer a patient's support message in (default 48); later, it is flagged. */
  supportResponseHours?: number;
  /** Where reminders go besides the in-app inbox (SMTP when configured). */
  messageTransport?: MessageTransport;
  /** This process's bounded queue in front of the password hash (default: processLogInAdmission()). */
  logInAdmission?: LogInAdmission;
}

/**
 * The pool or a transaction (src/db/executor.ts). Named here too because it is part of what a use
 * case is given: the edges (src/interop) pass a use case's transaction on by this name, without
 * importing src/db.
 */
export type { Executor } from '../db/executor.js';

/** Today as the program counts it: the calendar date in the REMS time zone (D-5). */
export function programToday(services: Services): IsoDate {
  return calendarDateAt(services.now(), services.program.remsTimeZone);
}
