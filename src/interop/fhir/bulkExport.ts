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
import { NotFoundError } from '../../services/errors.js';
import {
  cancelExportJob,
  completeExportJob,
  createExportJob,
  downloadExportFile,
  EXPORT_LEASE_MS,
  EXPORT_KEEP_MS,
  exportFilesOf,
  failExportJob,
  forgetExportFiles,
  ownExportJob,
  pendingExportJobs,
  recordExportTotal,
  renewExportLease,
  storeExportPart,
  takeExportLease,
} from '../../services/interop/fhirExportJobs.js';
import { patientCompartment, patientsVisibleTo } from './readResources.js';
import { FHIR_READ_TYPES, isFhirReadType, type FhirReadType } from './resourceTypes.js';

export const EXPORT_PART_SIZE = 1000;
/** The lease and how long files are kept: declared with the jobs (services/interop/fhirExportJobs.ts). */
export { EXPORT_LEASE_MS, EXPORT_KEEP_MS };

export interface ExportKickOff {
  level: 'system' | 'patient';
  types: readonly FhirReadType[];
  requestUrl: string;
}

export async function startExport(services: Services, actor: Actor, kickOff: ExportKickOff): Promise<{ jobId: string }> {
  if (actor.organizationId === null) {
    throw new NotFoundError('Organization');
  }
  return createExportJob(services, actor, actor.organizationId, kickOff);
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

/** This run no longer holds the job (taken over, or cancelled). */
class LeaseLost extends Error {}

/**
 * Runs one job to its end, if no other server holds it: 'busy' when another does (or it is done or
 * cancelled), 'cancelled' when a DELETE came while it ran.
 */
export async function runExportJob(services: Services, jobId: string): Promise<'completed' | 'cancelled' | 'busy' | 'failed'> {
  const holder = randomUUID();
  const job = await takeExportLease(services, jobId, holder);
  if (job === undefined) {
    return 'busy';
  }
  // A job taken over from a server that stopped starts again from the beginning.
  await forgetExportFiles(services, jobId);
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
    const held = await storeExportPart(services, jobId, holder, { resourceType: type, part, resourceCount: lines.length, ndjson: `${lines.join('\n')}\n` });
    if (!held) {
      throw new LeaseLost();
    }
    buffers.set(type, []);
  };
  try {
    const patientIds = await patientsVisibleTo(services, actor);
    await recordExportTotal(services, jobId, patientIds.length);
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
      const lease = await renewExportLease(services, jobId, holder, done);
      if (lease !== 'held') {
        return lease === 'taken' ? 'busy' : 'cancelled';
      }
    }
    for (const type of types) {
      await flush(type);
    }
    return (await completeExportJob(services, jobId, holder, done)) ? 'completed' : 'cancelled';
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
    const ended = await failExportJob(services, jobId, holder, message.slice(0, 1000), `${JSON.stringify(outcome)}\n`);
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
  const pending = await pendingExportJobs(services);
  let ran = 0;
  for (const id of pending) {
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
  const job = await ownExportJob(services, actor, jobId);
  if (job === undefined) {
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
  const files = await exportFilesOf(services, jobId);
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
  await cancelExportJob(services, actor, jobId);
}

/** One output file's NDJSON, for the client that asked for the export. */
export async function exportFile(services: Services, actor: Actor, jobId: string, fileId: string): Promise<string> {
  const job = await ownJob(services, actor, jobId);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(fileId)) {
    throw new NotFoundError('Export file');
  }
  const ndjson = await downloadExportFile(services, actor, job.id, fileId);
  if (ndjson === null) {
    throw new NotFoundError('Export file');
  }
  return ndjson;
}
