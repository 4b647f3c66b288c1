// The bulk export's job life cycle against a real database: kick-off, run, manifest and files;
// a job abandoned by a stopped server taken over by the scheduled work; a cancel mid-way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { EXPORT_LEASE_MS, cancelExport, exportFile, exportStatus, runExportJob, startExport } from '../../src/interop/fhir/bulkExport.js';
import { FHIR_READ_TYPES } from '../../src/interop/fhir/readResources.js';
import type { Actor } from '../../src/services/context.js';
import { NotFoundError } from '../../src/services/errors.js';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertValidFhir } from '../support/fhirValidation.js';
import { enrollOthersPatient, pcgpOnTreatment, type Patient } from '../support/journeys.js';
import { waitFor } from '../support/waiting.js';
import { present } from '../support/present.js';

describe('FHIR bulk export jobs', () => {
  let api: TestApi;
  let patients: Patient[];
  let prescriber: Actor;

  before(async () => {
    api = await startTestApi();
    patients = [await pcgpOnTreatment(api, '2025-03-03'), await pcgpOnTreatment(api, '2025-03-05')];
    await enrollOthersPatient(api, '2025-03-05');
    api.today('2025-03-20');
    prescriber = { userId: api.ids.users.prescriber, role: 'prescriber', organizationId: api.ids.practiceId, supervisingPrescriberId: null, ip: null };
  });
  after(() => api.close());

  test('a job runs to a manifest of NDJSON files, one type each, every line valid FHIR of this practice only', async () => {
    const { jobId } = await startExport(api.services, prescriber, { level: 'system', types: FHIR_READ_TYPES, requestUrl: 'https://x.test/fhir/r4/$export' });
    assert.deepEqual(await exportStatus(api.services, prescriber, jobId), { state: 'running', patientsDone: 0, patientsTotal: null });
    assert.equal(await runExportJob(api.services, jobId), 'completed');
    assert.equal(await runExportJob(api.services, jobId), 'busy', 'a finished job is never run again');
    const status = await exportStatus(api.services, prescriber, jobId);
    assert.equal(status.state, 'done');
    assert.deepEqual(status.error, []);
    assert.deepEqual(
      status.output.map((file) => file.type),
      [...FHIR_READ_TYPES],
    );
    const patientIds = new Set<string>();
    for (const file of status.output) {
      const lines = (await exportFile(api.services, prescriber, jobId, file.fileId)).trimEnd().split('\n');
      assert.equal(lines.length, file.count);
      for (const line of lines) {
        const resource = JSON.parse(line);
        assert.equal(resource.resourceType, file.type);
        assertValidFhir(resource);
        if (resource.resourceType === 'Patient') {
          patientIds.add(resource.id);
        }
      }
    }
    assert.deepEqual([...patientIds].sort(), patients.map((patient) => patient.id).sort());
  });

  test('a job no server holds is run by the scheduled work', async () => {
    const { jobId } = await startExport(api.services, prescriber, {
      level: 'patient',
      types: ['Patient'],
      requestUrl: 'https://x.test/fhir/r4/Patient/$export',
    });
    const result = await runScheduledWork(api.services);
    assert.ok(result.exported >= 1);
    const status = await exportStatus(api.services, prescriber, jobId);
    assert.equal(status.state === 'done' ? status.output[0]?.count : null, 2);
  });

  test('a job held by a server that stopped is taken over once its lease ran out', async () => {
    const { jobId } = await startExport(api.services, prescriber, { level: 'system', types: ['Consent'], requestUrl: 'https://x.test/fhir/r4/$export' });
    // A server took it and stopped: its lease runs for a few minutes.
    await api.database.db
      .updateTable('fhir_export_jobs')
      .set({ leased_until: new Date(api.services.now().getTime() + 60_000) })
      .where('id', '=', jobId)
      .execute();
    assert.equal(await runExportJob(api.services, jobId), 'busy');
    api.setClock(new Date(api.services.now().getTime() + 10 * 60_000));
    assert.equal(await runExportJob(api.services, jobId), 'completed');
  });

  test('a server slower than its lease stops when another takes the job over: the files are written once, by the new holder', async () => {
    const { jobId } = await startExport(api.services, prescriber, { level: 'system', types: ['Patient'], requestUrl: 'https://x.test/fhir/r4/$export' });
    // Hold both runs at their first write (clearing earlier files) until both hold a lease.
    const blocker = new pg.Client({ connectionString: api.database.connectionString });
    await blocker.connect();
    const waiting = async (count: number) => {
      const { rows } = await sql<{ waiting: number }>`
        SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'fhir_export_files'::regclass AND NOT granted`.execute(api.database.db);
      return (rows[0]?.waiting ?? 0) >= count;
    };
    let slow: Promise<string>;
    let takeover: Promise<string>;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE fhir_export_files IN ACCESS EXCLUSIVE MODE');
      slow = runExportJob(api.services, jobId);
      await waitFor(() => waiting(1));
      // Another server, whose clock says the first one's lease ran out.
      const later = { ...api.services, now: () => new Date(api.services.now().getTime() + EXPORT_LEASE_MS + 60_000) };
      takeover = runExportJob(later, jobId);
      await waitFor(() => waiting(2));
    } finally {
      await blocker.query('COMMIT').catch(() => {});
      await blocker.end();
    }
    assert.deepEqual(await Promise.all([present(slow), present(takeover)]), ['busy', 'completed']);
    const status = await exportStatus(api.services, prescriber, jobId);
    assert.equal(status.state, 'done');
    assert.deepEqual(status.error, []);
    assert.deepEqual(
      status.output.map((file) => [file.type, file.count]),
      [['Patient', 2]],
    );
  });

  test("a job that fails ends with an OperationOutcome in the manifest's error list, so the client is not left polling", async () => {
    const { jobId } = await startExport(api.services, prescriber, { level: 'system', types: ['Patient'], requestUrl: 'https://x.test/fhir/r4/$export' });
    // An actor the database cannot take (as a corrupted row would be): the reads fail.
    await api.database.db
      .updateTable('fhir_export_jobs')
      .set({ actor: JSON.stringify({ ...prescriber, userId: 'not-a-uuid' }) } as never)
      .where('id', '=', jobId)
      .execute();
    assert.equal(await runExportJob(api.services, jobId), 'failed');
    const status = await exportStatus(api.services, prescriber, jobId);
    assert.equal(status.state, 'done');
    assert.deepEqual(status.output, []);
    assert.equal(status.error.length, 1);
    const outcome = JSON.parse((await exportFile(api.services, prescriber, jobId, status.error[0]?.fileId ?? '')).trim());
    assertValidFhir(outcome);
    assert.equal(outcome.resourceType, 'OperationOutcome');
  });

  test('a cancelled export is gone: no status, no files; and another user never sees a job', async () => {
    const { jobId } = await startExport(api.services, prescriber, { level: 'system', types: ['Patient'], requestUrl: 'https://x.test/fhir/r4/$export' });
    const other: Actor = { ...prescriber, userId: api.ids.users.otherPrescriber };
    await assert.rejects(exportStatus(api.services, other, jobId), NotFoundError);
    await assert.rejects(cancelExport(api.services, other, jobId), NotFoundError);
    await cancelExport(api.services, prescriber, jobId);
    assert.equal(await runExportJob(api.services, jobId), 'busy');
    await assert.rejects(exportStatus(api.services, prescriber, jobId), NotFoundError);
  });
});
