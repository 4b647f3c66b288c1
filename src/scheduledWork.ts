// What the server does on its own, every minute: bring expired worklist entries up to date (which
// also plans the reminders that time has made due), deliver the reminders that are due, and seal
// the audit rows written since the last run into the hash chain; forget ended sessions; run the
// FHIR bulk exports no server holds (the one that took the request stopped) and forget old ones.
//
// Every app server runs it, and each piece of work is done once, however many servers run it at the
// same moment. Nothing here holds a session-level lock or session state (it all works through a
// transaction-pooling PgBouncer):
// - worklist refresh and session clean-up: one server at a time, under a lease row
//   (scheduled_work_leases, migrations/0023) taken with one UPDATE; the others skip the task this
//   round. The lease expires should its server die. Both tasks are safe to repeat anyway (a refresh
//   stores nothing over a newer fact version and plans each reminder once, by its dedupe key).
// - reminders: each claimed by one server, FOR UPDATE SKIP LOCKED (reminders/deliverReminders.ts).
// - audit sealing: one sealer at a time under a transaction-scoped advisory lock (db/auditChain.ts).
// - bulk exports: each job under its own lease, naming its holder (interop/fhir/bulkExport.ts).
//
// It sits beside main.ts, with the composition, not in src/services: like a route it drives use cases
// (on the clock instead of on a request), those of the FHIR edge (bulk export) among them.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { sealAuditEvents } from './db/auditChain.js';
import { runPendingExports } from './interop/fhir/bulkExport.js';
import { forgetEndedSessions } from './services/auth/forgetEndedSessions.js';
import { programToday, type Services } from './services/context.js';
import { deliverReminders } from './services/reminders/deliverReminders.js';
import { refreshStaleEntries } from './services/worklist/refreshWorklistEntry.js';

/**
 * How long a task's lease holds when its server stops without releasing it. A run that takes longer
 * (a first refresh of a million entries) may overlap with another server's: duplicate work, no harm.
 */
export const TASK_LEASE_MINUTES = 10;

export type ScheduledTask = 'worklist-refresh' | 'forget-ended-sessions';

/**
 * Runs `work` if no other server holds the task's lease, and releases it after; `undefined` when
 * another server holds it. The lease is a row, on the database's clock, taken in one statement
 * (made the first time, taken over once expired or released).
 */
export async function withTaskLease<T>(services: Services, task: ScheduledTask, work: () => Promise<T>): Promise<T | undefined> {
  const holder = randomUUID();
  const taken = await sql<{ task: string }>`
    INSERT INTO scheduled_work_leases AS lease (task, leased_until, leased_by)
    VALUES (${task}, clock_timestamp() + make_interval(mins => ${TASK_LEASE_MINUTES}), ${holder})
    ON CONFLICT (task) DO UPDATE SET leased_until = excluded.leased_until, leased_by = excluded.leased_by
    WHERE lease.leased_until IS NULL OR lease.leased_until < clock_timestamp()
    RETURNING task`.execute(services.db);
  if (taken.rows.length === 0) {
    return undefined;
  }
  try {
    return await work();
  } finally {
    await sql`
      UPDATE scheduled_work_leases SET leased_until = NULL, leased_by = NULL
      WHERE task = ${task} AND leased_by = ${holder}`.execute(services.db);
  }
}

export async function runScheduledWork(
  services: Services,
): Promise<{ refreshed: number; delivered: number; failed: number; exported: number; sealed: number }> {
  const refreshed = (await withTaskLease(services, 'worklist-refresh', () => refreshStaleEntries(services, null, programToday(services)))) ?? 0;
  const { delivered, failed } = await deliverReminders(services);
  await withTaskLease(services, 'forget-ended-sessions', () => forgetEndedSessions(services));
  // Last, so that a large backlog (the first run after a restore or a bulk load) delays no reminder.
  const sealed = await sealAuditEvents(services.db);
  // After the seal: an export can take a while, and its own audit rows are sealed on the next run.
  const exported = await runPendingExports(services);
  return { refreshed, delivered, failed, exported, sealed };
}

/** Where the scheduled work reports: the server's structured log (main.ts passes Fastify's pino logger). */
export interface ScheduledWorkLog {
  info(message: string): void;
  /** `error` is logged as the server logs errors: its kind and stack, quoted values masked. */
  error(error: unknown, message: string): void;
}

/** Runs the scheduled work now and then every `intervalMs`, one run at a time; returns a stop function. */
export function startScheduledWork(services: Services, log: ScheduledWorkLog, intervalMs = 60_000): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) {
      return;
    }
    running = true;
    try {
      const result = await runScheduledWork(services);
      if (result.delivered > 0 || result.failed > 0) {
        log.info(`reminders: ${result.delivered} delivered, ${result.failed} failed (will retry)`);
      }
    } catch (error) {
      // Not the message itself: a database error quotes the values it refused (medical data).
      log.error(error, 'scheduled work failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
