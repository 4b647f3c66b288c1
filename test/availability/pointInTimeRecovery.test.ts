// Point-in-time recovery with PostgreSQL's own tools (issue 12, item 3; README "Production:
// replication, failover and point-in-time recovery"): a primary archiving its WAL (archive_mode,
// archive_command), a base backup (pg_basebackup), writes A and B through the app with a moment
// noted between them, the primary lost, and the base backup restored with restore_command and
// recovery_target_time = that moment. A is there and B is not, and the app, whose DATABASE_URL
// lists the restored server's address too, writes to it.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { waitFor } from '../support/waiting.js';
import {
  appDatabaseUrl,
  baseBackup,
  createRoles,
  initPrimary,
  makeWorkDir,
  removeCluster,
  run,
  sleep,
  whyNoPostgres,
  type PgNode,
} from '../support/pgCluster.js';
import { present } from '../support/present.js';

const TODAY = '2025-03-10';
const skip = await whyNoPostgres();

describe('point-in-time recovery from a base backup and the WAL archive', { skip: skip ?? false }, () => {
  let workDir: string | undefined;
  let archive: string;
  let primary: PgNode;
  let restored: PgNode;
  let api: TestApi | undefined;

  before(
    async () => {
      workDir = await makeWorkDir('isocourse-pitr-');
      archive = path.join(workDir, 'wal-archive');
      await run('mkdir', ['-m', '700', archive]);
      primary = await initPrimary(workDir, 'primary', {
        wal_level: 'replica',
        archive_mode: 'on',
        // Never overwrite an archived segment (PostgreSQL's documented example).
        archive_command: `test ! -f ${archive}/%f && cp %p ${archive}/%f`,
      });
      await primary.start();
      const { app, replication } = await createRoles(primary);
      // The base backup comes first: the application's database, its schema and every write after
      // are replayed from the archive.
      restored = await baseBackup(primary, workDir, 'restored', replication, { standby: false });
      process.env['DATABASE_URL'] = appDatabaseUrl(app, [primary, restored]);
      api = await startTestApi();
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await api?.close().catch(() => {});
    await removeCluster(workDir, [primary, restored]);
  });

  it('restores to the noted moment: the write before it is there, the one after is not', { timeout: 120_000 }, async (t) => {
    assert.ok(api !== undefined);
    const { services } = api;
    api.today(TODAY);
    const patient = await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-01' });
    const counsel = async (): Promise<string> => {
      const response = await present(api).as('prescriber').post(`/patients/${patient.id}/counselings`, { counseledOn: TODAY, modality: 'inPerson' });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id as string;
    };

    const writeA = await counsel();
    const [{ noted } = { noted: '' }] = await primary.sql<{ noted: string }>('SELECT clock_timestamp()::text AS noted');
    await sleep(100);
    const writeB = await counsel();
    // Close the current WAL segment so that B's commit reaches the archive, and wait until it has.
    const [{ segment } = { segment: '' }] = await primary.sql<{ segment: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS segment');
    await waitFor(() => existsSync(path.join(archive, segment)), 30_000);

    // The primary is lost.
    await primary.stop();

    const recoveryStarted = Date.now();
    await restored.configure({
      restore_command: `cp ${archive}/%f %p`,
      recovery_target_time: noted,
      recovery_target_action: 'promote',
    });
    await fs.writeFile(path.join(restored.dataDir, 'recovery.signal'), '');
    await restored.start();
    await waitFor(async () => (await restored.sql<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering'))[0]?.recovering === false, 60_000);
    t.diagnostic(`recovered to ${noted} in ${Date.now() - recoveryStarted} ms`);

    const ids = (await services.db.selectFrom('counseling_attestations').select('id').where('id', 'in', [writeA, writeB]).execute()).map((row) => row.id);
    assert.deepEqual(ids, [writeA], 'A (before the noted moment) is restored, B (after it) is not');
    const log = await fs.readFile(restored.logFile, 'utf8');
    assert.match(log, /recovery stopping before commit of transaction \d+, time /);
    // The app, which listed the restored server's address, writes to it.
    const writeC = await counsel();
    assert.ok(writeC !== writeA);
  });
});
