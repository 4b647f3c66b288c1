// FHIR Bulk Data export ($export) for a practice: asynchronous, as the Bulk Data Access IG says. A
// kick-off records a job; the job is run by the server that took the request, right after its
// commit, or — if that server stopped — by any server's scheduled work, under a lease so one job
// never runs twice at once. It reads each patient of the client's practice through the same
// per-record access rules and mappings as a read (audited as fhir.export), and stores one NDJSON
// file per resource type (in parts of EXPORT_PART_SIZE). The status and the files are served from
// the database, so any server answers them; DELETE cancels and forgets the job.
import { randomUUID } from 'node:crypto';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Actor, Services } from '../../services/context.js';
import { writeAudit } from '../../services/audit.js';
import { NotFoundError } from '../../services/errors.js';
import { patientCompartment, patientsVisibleTo } from './readResources.js';
import { FHIR_READ_TYPES, isFhirReadType, type FhirReadType } from './resourceTypes.js';

export const EXPORT_PART_SIZE = 1000;
/** How long a server holds a running job before another may take it over (renewed after every patient). */
export const EXPORT_LEASE_MS = 5 * 60_000;
/** A finished export's files are kept this long, then forgotten by the scheduled work. */
export const EXPORT_KEEP_MS = 24 * 60 * 60_000;

export interface ExportKickOff {
  level: 'system' | 'patient';
  types: readonly FhirReadType[];
  requestUrl: string;
}

function clientIdOf(actor: Actor): string | null {
  return actor.client?.clientId ?? null;
}

export async function startExport(services: Services, actor: Actor, kickOff: ExportKickOff): Promise<{ jobId: string }> {
  if (actor.organizationId === null) {
    throw new NotFoundError('Organization');
  }
  const organizationId = actor.organizationId;
  return services.db.transaction().execute(async (trx) => {
    const job = await trx
      .insertInto('fhir_export_jobs')
      .values({
        requested_by: actor.userId,
        organization_id: organizationId,
        client_id: clientIdOf(actor),
        actor: JSON.stringify(actor),
        level: kickOff.level,
        resource_types: [...kickOff.types],
        request_url: kickOff.requestUrl,
        requested_at: services.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'fhir.export.start', entity: 'fhirExport', entityId: job.id, outcome: 'ok', detail: { types: kickOff.types } });
    return { jobId: job.id };
  });
}

/**
 * Runs the job soon, in this process, after the kick-off's answer is sent; scheduled work is the
 * safety net. A failure goes to `logError` as the error itself, for the logger to mask: a database
 * error's message quotes the values it refused.
 */
export function runExportSoon(services: Services, jobId: string, logError: (error: unknown, jobId: string) => void): void {
  setImmediate(() => {
    runExportJob(services, jobId).catch((error: unknown) => {
      logError(error, jobId);
    });
  });
}

async function takeLease(services: Services, jobId: string, holder: string) {
  const now = services.now();
  return services.db
    .updateTable('fhir_export_jobs')
    .set({ leased_until: new Date(now.getTime() + EXPORT_LEASE_MS), lease_holder: holder })
    .where('id', '=', jobId)
    .where('completed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Renews the lease and records progress, if this run still holds the job: 'cancelled' when a
 * DELETE came meanwhile, 'taken' when this run was slower than its lease and another server took
 * the job over (it starts again from the beginning; this run stops and writes nothing more).
 */
async function renewLease(services: Services, jobId: string, holder: string, patientsDone: number): Promise<'held' | 'cancelled' | 'taken'> {
  const renewed = await services.db
    .updateTable('fhir_export_jobs')
    .set({ leased_until: new Date(services.now().getTime() + EXPORT_LEASE_MS), patients_done: patientsDone })
    .where('id', '=', jobId)
    .where('cancelled_at', 'is', null)
    .where('lease_holder', '=', holder)
    .returning('id')
    .executeTakeFirst();
  if (renewed !== undefined) {
    return 'held';
  }
  const job = await services.db.selectFrom('fhir_export_jobs').select('cancelled_at').where('id', '=', jobId).executeTakeFirst();
  return job === undefined || job.cancelled_at !== null ? 'cancelled' : 'taken';
}

/** This run no longer holds the job (taken over, or cancelled). */
class LeaseLost extends Error {}

/**
 * Runs one job to its end, if no other server holds it: 'busy' when another does (or it is done or
 * cancelled), 'cancelled' when a DELETE came while it ran.
 */
export async function runExportJob(services: Services, jobId: string): Promise<'completed' | 'cancelled' | 'busy' | 'failed'> {
  const holder = randomUUID();
  const job = await takeLease(services, jobId, holder);
  if (job === undefined) {
    return 'busy';
  }
  // A job taken over from a server that stopped starts again from the beginning.
  await services.db.deleteFrom('fhir_export_files').where('job_id', '=', jobId).execute();
  const actor = job.actor as Actor;
  const types = job.resource_types.filter(isFhirReadType);
  const buffers = new Map<FhirReadType, string[]>(types.map((type) => [type, []]));
  const parts = new Map<FhirReadType, number>(types.map((type) => [type, 0]));
  const flush = async (type: FhirReadType): Promise<void> => {
    const lines = buffers.get(type) ?? [];
    if (lines.length === 0) {
      return;
    }
    const part = (parts.get(type) ?? 0) + 1;
    parts.set(type, part);
    // Written only while this run holds the job, the job row share-locked meanwhile: a server taking
    // the job over waits for this file to be written, then deletes it with the rest.
    const held = await services.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('fhir_export_jobs')
        .select('id')
        .where('id', '=', jobId)
        .where('lease_holder', '=', holder)
        .forShare()
        .executeTakeFirst();
      if (row === undefined) {
        return false;
      }
      await trx
        .insertInto('fhir_export_files')
        .values({ job_id: jobId, resource_type: type, part, resource_count: lines.length, ndjson: `${lines.join('\n')}\n` })
        .execute();
      return true;
    });
    if (!held) {
      throw new LeaseLost();
    }
    buffers.set(type, []);
  };
  try {
    const patientIds = await patientsVisibleTo(services.db, actor);
    await services.db.updateTable('fhir_export_jobs').set({ patients_total: patientIds.length }).where('id', '=', jobId).execute();
    let done = 0;
    for (const patientId of patientIds) {
      const resources = (await patientCompartment(services, actor, patientId, types, 'fhir.export')) ?? [];
      for (const resource of resources) {
        const type = resource.resourceType as FhirReadType;
        buffers.get(type)?.push(JSON.stringify(resource));
        if ((buffers.get(type)?.length ?? 0) >= EXPORT_PART_SIZE) {
          await flush(type);
        }
      }
      done += 1;
      const lease = await renewLease(services, jobId, holder, done);
      if (lease !== 'held') {
        return lease === 'taken' ? 'busy' : 'cancelled';
      }
    }
    for (const type of types) {
      await flush(type);
    }
    const completed = await services.db
      .updateTable('fhir_export_jobs')
      .set({ completed_at: services.now(), leased_until: null, patients_done: done })
      .where('id', '=', jobId)
      .where('cancelled_at', 'is', null)
      .where('lease_holder', '=', holder)
      .returning('id')
      .executeTakeFirst();
    return completed === undefined ? 'cancelled' : 'completed';
  } catch (error) {
    if (error instanceof LeaseLost) {
      return 'busy';
    }
    // The manifest names the failure (an OperationOutcome file), so the client is not left polling.
    const message = error instanceof Error ? error.message : String(error);
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'exception', diagnostics: 'The export stopped on an internal error; start a new export.' }],
    };
    // Only while this run holds the job: a run that lost it leaves the new holder's files alone.
    const ended = await services.db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('fhir_export_jobs')
        .set({ completed_at: services.now(), leased_until: null, failure: message.slice(0, 1000) })
        .where('id', '=', jobId)
        .where('lease_holder', '=', holder)
        .where('completed_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (marked === undefined) {
        return false;
      }
      await trx.deleteFrom('fhir_export_files').where('job_id', '=', jobId).execute();
      await trx
        .insertInto('fhir_export_files')
        .values({ job_id: jobId, resource_type: 'OperationOutcome', part: 1, resource_count: 1, ndjson: `${JSON.stringify(outcome)}\n` })
        .execute();
      return true;
    });
    if (!ended) {
      return 'busy';
    }
    return 'failed';
  }
}

/**
 * The scheduled work's part: runs every export no server holds (a server stopped mid-way, or the
 * in-process run never started), and forgets exports finished more than EXPORT_KEEP_MS ago.
 */
export async function runPendingExports(services: Services): Promise<number> {
  const now = services.now();
  await services.db
    .deleteFrom('fhir_export_jobs')
    .where('completed_at', '<', new Date(now.getTime() - EXPORT_KEEP_MS))
    .execute();
  const pending = await services.db
    .selectFrom('fhir_export_jobs')
    .select('id')
    .where('completed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .orderBy('requested_at')
    .execute();
  let ran = 0;
  for (const { id } of pending) {
    if ((await runExportJob(services, id)) !== 'busy') {
      ran += 1;
    }
  }
  return ran;
}

/** The job, when it is this client's (another client's, a cancelled or unknown one: not found). */
async function ownJob(services: Services, actor: Actor, jobId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(jobId)) {
    throw new NotFoundError('Export');
  }
  const job = await services.db
    .selectFrom('fhir_export_jobs')
    .selectAll()
    .where('id', '=', jobId)
    .where('requested_by', '=', actor.userId)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  if (job === undefined || job.client_id !== clientIdOf(actor)) {
    throw new NotFoundError('Export');
  }
  return job;
}

export type ExportStatus =
  | { state: 'running'; patientsDone: number; patientsTotal: number | null }
  | {
      state: 'done';
      transactionTime: string;
      request: string;
      output: { type: string; fileId: string; count: number }[];
      error: { type: string; fileId: string; count: number }[];
    };

export async function exportStatus(services: Services, actor: Actor, jobId: string): Promise<ExportStatus> {
  const job = await ownJob(services, actor, jobId);
  if (job.completed_at === null) {
    return { state: 'running', patientsDone: job.patients_done, patientsTotal: job.patients_total };
  }
  const files = await services.db
    .selectFrom('fhir_export_files')
    .select(['id', 'resource_type', 'part', 'resource_count'])
    .where('job_id', '=', jobId)
    .execute();
  const order = (type: string) => (FHIR_READ_TYPES as readonly string[]).indexOf(type);
  const listed = files
    .sort((a, b) => order(a.resource_type) - order(b.resource_type) || a.part - b.part)
    .map((file) => ({ type: file.resource_type, fileId: file.id, count: file.resource_count }));
  return {
    state: 'done',
    transactionTime: job.requested_at.toISOString(),
    request: job.request_url,
    output: listed.filter((file) => file.type !== 'OperationOutcome'),
    error: listed.filter((file) => file.type === 'OperationOutcome'),
  };
}

/** DELETE on the status URL: the job stops (a running server sees it at its next patient) and its files go. */
export async function cancelExport(services: Services, actor: Actor, jobId: string): Promise<void> {
  await ownJob(services, actor, jobId);
  await services.db.transaction().execute(async (trx) => {
    await trx.updateTable('fhir_export_jobs').set({ cancelled_at: services.now(), leased_until: null }).where('id', '=', jobId).execute();
    await trx.deleteFrom('fhir_export_files').where('job_id', '=', jobId).execute();
    await writeAudit(trx, actor, { action: 'fhir.export.cancel', entity: 'fhirExport', entityId: jobId, outcome: 'ok' });
  });
}

/** One output file's NDJSON, for the client that asked for the export. */
export async function exportFile(services: Services, actor: Actor, jobId: string, fileId: string): Promise<string> {
  const job = await ownJob(services, actor, jobId);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(fileId)) {
    throw new NotFoundError('Export file');
  }
  const file = await services.db.selectFrom('fhir_export_files').select('ndjson').where('id', '=', fileId).where('job_id', '=', job.id).executeTakeFirst();
  if (file === undefined) {
    throw new NotFoundError('Export file');
  }
  await writeAudit(services.db, actor, { action: 'fhir.export.download', entity: 'fhirExport', entityId: fileId, outcome: 'ok' });
  return file.ndjson;
}
