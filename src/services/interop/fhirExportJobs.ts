// The FHIR Bulk Data export's jobs and files, as stored (fhir_export_jobs, fhir_export_files): the
// edge (interop/fhir/bulkExport.ts) decides what to export and maps the records to NDJSON; the
// jobs, their leases, their files and their audit rows are kept here. A job is run under a lease so
// one job never runs twice at once; a file is written only while the run holds the job.
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';

/** How long a server holds a running job before another may take it over (renewed after every patient). */
export const EXPORT_LEASE_MS = 5 * 60_000;
/** A finished export's files are kept this long, then forgotten by the scheduled work. */
export const EXPORT_KEEP_MS = 24 * 60 * 60_000;

export interface NewExportJob {
  level: 'system' | 'patient';
  types: readonly string[];
  requestUrl: string;
}

function clientIdOf(actor: Actor): string | null {
  return actor.client?.clientId ?? null;
}

/** Records a kick-off, and its audit row, in one transaction. */
export async function createExportJob(services: Services, actor: Actor, organizationId: string, kickOff: NewExportJob): Promise<{ jobId: string }> {
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

/** Takes the job for `holder`, if no run holds it and it is neither done nor cancelled; undefined otherwise. */
export async function takeExportLease(services: Services, jobId: string, holder: string) {
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
export async function renewExportLease(services: Services, jobId: string, holder: string, patientsDone: number): Promise<'held' | 'cancelled' | 'taken'> {
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

/** Forgets the files of a job (one taken over starts again from the beginning). */
export async function forgetExportFiles(services: Services, jobId: string): Promise<void> {
  await services.db.deleteFrom('fhir_export_files').where('job_id', '=', jobId).execute();
}

export interface ExportPart {
  resourceType: string;
  part: number;
  resourceCount: number;
  ndjson: string;
}

/**
 * Stores one file, only while this run holds the job, the job row share-locked meanwhile: a server
 * taking the job over waits for this file to be written, then deletes it with the rest. False when
 * the run no longer holds the job (nothing written).
 */
export async function storeExportPart(services: Services, jobId: string, holder: string, file: ExportPart): Promise<boolean> {
  return services.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('fhir_export_jobs').select('id').where('id', '=', jobId).where('lease_holder', '=', holder).forShare().executeTakeFirst();
    if (row === undefined) {
      return false;
    }
    await trx
      .insertInto('fhir_export_files')
      .values({ job_id: jobId, resource_type: file.resourceType, part: file.part, resource_count: file.resourceCount, ndjson: file.ndjson })
      .execute();
    return true;
  });
}

/** How many patients the job will export (for its status). */
export async function recordExportTotal(services: Services, jobId: string, patientsTotal: number): Promise<void> {
  await services.db.updateTable('fhir_export_jobs').set({ patients_total: patientsTotal }).where('id', '=', jobId).execute();
}

/** Marks the job done, if this run still holds it and no DELETE came: false otherwise. */
export async function completeExportJob(services: Services, jobId: string, holder: string, patientsDone: number): Promise<boolean> {
  const completed = await services.db
    .updateTable('fhir_export_jobs')
    .set({ completed_at: services.now(), leased_until: null, patients_done: patientsDone })
    .where('id', '=', jobId)
    .where('cancelled_at', 'is', null)
    .where('lease_holder', '=', holder)
    .returning('id')
    .executeTakeFirst();
  return completed !== undefined;
}

/**
 * Marks the job failed with its files replaced by `outcome` (one NDJSON file of type
 * OperationOutcome), in one transaction — only while this run holds the job: a run that lost it
 * leaves the new holder's files alone (false).
 */
export async function failExportJob(services: Services, jobId: string, holder: string, failure: string, outcomeNdjson: string): Promise<boolean> {
  return services.db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('fhir_export_jobs')
      .set({ completed_at: services.now(), leased_until: null, failure })
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
      .values({ job_id: jobId, resource_type: 'OperationOutcome', part: 1, resource_count: 1, ndjson: outcomeNdjson })
      .execute();
    return true;
  });
}

/** Forgets exports finished more than EXPORT_KEEP_MS ago, and lists (oldest first) those no run holds. */
export async function pendingExportJobs(services: Services): Promise<string[]> {
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
  return pending.map(({ id }) => id);
}

/** The job, when this actor (and this client) asked for it and it was not cancelled; undefined otherwise. */
export async function ownExportJob(services: Services, actor: Actor, jobId: string) {
  const job = await services.db
    .selectFrom('fhir_export_jobs')
    .selectAll()
    .where('id', '=', jobId)
    .where('requested_by', '=', actor.userId)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return job === undefined || job.client_id !== clientIdOf(actor) ? undefined : job;
}

/** A job's files, unordered. */
export async function exportFilesOf(services: Services, jobId: string) {
  return services.db.selectFrom('fhir_export_files').select(['id', 'resource_type', 'part', 'resource_count']).where('job_id', '=', jobId).execute();
}

/** Cancels the job and forgets its files, with the audit row, in one transaction. */
export async function cancelExportJob(services: Services, actor: Actor, jobId: string): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await trx.updateTable('fhir_export_jobs').set({ cancelled_at: services.now(), leased_until: null }).where('id', '=', jobId).execute();
    await trx.deleteFrom('fhir_export_files').where('job_id', '=', jobId).execute();
    await writeAudit(trx, actor, { action: 'fhir.export.cancel', entity: 'fhirExport', entityId: jobId, outcome: 'ok' });
  });
}

/** One file's NDJSON, audited as downloaded; null when the job has no such file (nothing audited). */
export async function downloadExportFile(services: Services, actor: Actor, jobId: string, fileId: string): Promise<string | null> {
  const file = await services.db.selectFrom('fhir_export_files').select('ndjson').where('id', '=', fileId).where('job_id', '=', jobId).executeTakeFirst();
  if (file === undefined) {
    return null;
  }
  await writeAudit(services.db, actor, { action: 'fhir.export.download', entity: 'fhirExport', entityId: fileId, outcome: 'ok' });
  return file.ndjson;
}
