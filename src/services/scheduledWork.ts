// What the server does on its own, every minute: bring expired worklist entries up to date (which
// also plans the reminders that time has made due), deliver the reminders that are due, and seal
// the audit rows written since the last run into the hash chain; forget ended sessions; run the
// FHIR bulk exports no server holds (the one that took the request stopped) and forget old ones.
import { sealAuditEvents } from '../db/auditChain.js';
import { runPendingExports } from '../interop/fhir/bulkExport.js';
import { forgetEndedSessions } from './auth/forgetEndedSessions.js';
import { programToday, type Services } from './context.js';
import { deliverReminders } from './reminders/deliverReminders.js';
import { refreshStaleEntries } from './worklist/refreshWorklistEntry.js';

export async function runScheduledWork(
  services: Services,
): Promise<{ refreshed: number; delivered: number; failed: number; exported: number; sealed: number }> {
  const refreshed = await refreshStaleEntries(services, null, programToday(services));
  const { delivered, failed } = await deliverReminders(services);
  await forgetEndedSessions(services);
  // Last, so that a large backlog (the first run after a restore or a bulk load) delays no reminder.
  const sealed = await sealAuditEvents(services.db);
  // After the seal: an export can take a while, and its own audit rows are sealed on the next run.
  const exported = await runPendingExports(services);
  return { refreshed, delivered, failed, exported, sealed };
}

/** Runs the scheduled work now and then every `intervalMs`, one run at a time; returns a stop function. */
export function startScheduledWork(services: Services, log: (message: string) => void, intervalMs = 60_000): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) {
      return;
    }
    running = true;
    try {
      const result = await runScheduledWork(services);
      if (result.delivered > 0 || result.failed > 0) {
        log(`reminders: ${result.delivered} delivered, ${result.failed} failed (will retry)`);
      }
    } catch (error) {
      log(`scheduled work failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
