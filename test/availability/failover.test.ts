// Failover (issue 12, item 3): Debian's PostgreSQL primary with a synchronous streaming standby; the
// app's DATABASE_URL lists both (standby first, target_session_attrs=read-write). Under write load
// the primary's postmaster is SIGKILLed and the standby promoted. Then: every acknowledged write is
// on the new primary, the app served writes again within OUTAGE_BOUND_MS of the kill, and the audit
// chain, sealed before and after, verifies.
//
// Why synchronous_commit = on (not remote_apply): a commit is acknowledged only once the standby
// has flushed its WAL to disk, and promotion replays all WAL the standby has before it accepts
// writes, so the promoted standby holds every acknowledged commit. remote_apply would add the wait
// for the standby to *apply* it, which only matters for reads from the standby; the app does none.
//
// The standby's own synchronous_standby_names is '' (in its postgresql.auto.conf): copied from the
// primary it would name a standby of its own that does not exist, and once promoted every commit
// would wait for it forever.
//
// During the outage the app answers 503 with Retry-After (src/services/unavailable.ts), never a hang.
//
// Traffic: in-process (Fastify inject), five concurrent writers, bounded in count and time. Processes
// stopped: the two postmasters this file started, by pid.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sealAuditEvents, verifyAuditChain } from '../../src/db/auditChain.js';
import { startTestApi, type EnrolledPatient, type TestApi } from '../support/api.js';
import { isAlive, waitFor } from '../support/waiting.js';
import {
  appDatabaseUrl,
  baseBackup,
  createRoles,
  initPrimary,
  makeWorkDir,
  removeCluster,
  sleep,
  waitForSyncStandby,
  whyNoPostgres,
  type PgNode,
} from '../support/pgCluster.js';

/** The stated bound: from the primary's death to the first write the app acknowledges again. */
const OUTAGE_BOUND_MS = 10_000;
const WRITERS = 5;
const WRITES_BEFORE_KILL = 40;
const WRITES_AFTER_FAILOVER = 30;
const LOAD_DEADLINE_MS = 60_000;
const TODAY = '2025-03-10';

interface Attempt {
  startedAt: number;
  endedAt: number;
  status: number;
  id?: string;
  retryAfter?: string;
}

const skip = await whyNoPostgres();

describe('failover to a synchronous standby under write load', { skip: skip ?? false }, () => {
  let workDir: string | undefined;
  let primary: PgNode;
  let standby: PgNode;
  let api: TestApi | undefined;

  before(
    async () => {
      workDir = await makeWorkDir('isocourse-failover-');
      primary = await initPrimary(workDir, 'primary', { wal_level: 'replica', synchronous_commit: 'on' });
      await primary.start();
      const { app, replication } = await createRoles(primary);
      standby = await baseBackup(primary, workDir, 'standby1', replication, {
        standby: true,
        settings: { synchronous_standby_names: '' },
      });
      await standby.start();
      // Synchronous only now: with no standby attached every commit (the roles above too) would wait.
      await primary.sql(`ALTER SYSTEM SET synchronous_standby_names = 'standby1'`);
      await primary.sql('SELECT pg_reload_conf()');
      await waitForSyncStandby(primary, 'standby1');

      // The standby first: the app must pass over it (read-only) to the primary, and after the
      // failover find it again. connect_timeout bounds a host that does not answer at all.
      process.env['DATABASE_URL'] = appDatabaseUrl(app, [standby, primary]);
      api = await startTestApi();
    },
    { timeout: 120_000 },
  );

  after(async () => {
    await api?.close().catch(() => {});
    await removeCluster(workDir, [primary, standby]);
  });

  it('loses no acknowledged write, serves again within the bound, and keeps the audit chain intact', { timeout: 120_000 }, async (t) => {
    assert.ok(api !== undefined);
    const { services } = api;
    const serverPort = async (): Promise<number> =>
      Number((await sql<{ port: string }>`SELECT current_setting('port') AS port`.execute(services.db)).rows[0]?.port);
    assert.equal(await serverPort(), primary.port, 'the app writes to the primary, not to the standby listed first');

    api.today(TODAY);
    const patients: EnrolledPatient[] = [];
    for (let index = 0; index < WRITERS; index += 1) {
      patients.push(await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-01' }));
    }
    const prescriber = api.as('prescriber');
    assert.equal((await prescriber.get(`/patients/${patients[0]?.id}`)).status, 200);

    const attempts: Attempt[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    // When the old primary was seen gone: its postmaster and every process it had started. A
    // backend outlives its postmaster's SIGKILL until it notices, so a write sent between the kill
    // and then may still be acknowledged (it is on the standby: synchronous); "served again" counts
    // only writes sent after it. The outage is still measured from the SIGKILL.
    let deadAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const acknowledgedAfterKill = (): number => attempts.filter((a) => a.status === 201 && a.startedAt > deadAt).length;
    const writer = async (patient: EnrolledPatient): Promise<void> => {
      while (!stop) {
        const startedAt = Date.now();
        const response = await prescriber.post(`/patients/${patient.id}/counselings`, { counseledOn: TODAY, modality: 'inPerson' });
        attempts.push({
          startedAt,
          endedAt: Date.now(),
          status: response.status,
          ...(response.status === 201 ? { id: response.body.id as string } : { retryAfter: String(response.headers['retry-after']) }),
        });
        // A refused write is retried after a pause, not in a hot loop.
        if (response.status !== 201) {
          await sleep(50);
        }
      }
    };
    // Audit sealing runs beside the load, as the server's scheduled work does, so the chain spans the failover.
    const sealer = async (): Promise<void> => {
      while (!stop) {
        await sealAuditEvents(services.db).catch(() => 0);
        await sleep(200);
      }
    };
    const started = Date.now();
    const load = Promise.all([...patients.map(writer), sealer()]);
    const until = async (condition: () => boolean, what: string): Promise<void> => {
      while (!condition()) {
        if (Date.now() - started > LOAD_DEADLINE_MS) {
          throw new Error(`timed out waiting for ${what}`);
        }
        await sleep(20);
      }
    };

    let promoteStarted: number;
    let promotedAt: number;
    try {
      await until(() => attempts.filter((a) => a.status === 201).length >= WRITES_BEFORE_KILL, 'the writes before the kill');
      const syncState = await primary.sql<{ sync_state: string }>('SELECT sync_state FROM pg_stat_replication');
      assert.deepEqual(
        syncState.map((row) => row.sync_state),
        ['sync'],
      );

      const processes = (await primary.sql<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()')).map((row) => row.pid);
      killedAt = Date.now();
      await primary.kill();
      await waitFor(() => processes.every((pid) => !isAlive(pid)), 10_000);
      deadAt = Date.now();
      promoteStarted = Date.now();
      await standby.promote();
      promotedAt = Date.now();
      await until(() => acknowledgedAfterKill() >= WRITES_AFTER_FAILOVER, 'writes after the failover');
    } finally {
      stop = true;
      await load;
    }

    const acknowledged = attempts.filter((a) => a.status === 201);
    const firstAfterKill = Math.min(...acknowledged.filter((a) => a.startedAt > deadAt).map((a) => a.endedAt));
    const outageMs = firstAfterKill - killedAt;
    const refused = attempts.filter((a) => a.status !== 201);
    const statuses = [...new Set(refused.map((a) => a.status))].sort();
    t.diagnostic(
      `${acknowledged.length} writes acknowledged (${acknowledged.filter((a) => a.endedAt < killedAt).length} before the kill), ` +
        `${refused.length} refused (HTTP ${statuses.join(', ') || '-'}); promotion took ${promotedAt - promoteStarted} ms; ` +
        `writes served again ${outageMs} ms after the kill (bound ${OUTAGE_BOUND_MS} ms)`,
    );

    // The app now writes to the promoted standby.
    assert.equal(await serverPort(), standby.port);
    // No acknowledged write lost.
    const ids = acknowledged.map((a) => a.id as string);
    const present = await services.db.selectFrom('counseling_attestations').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((id) => !present.some((row) => row.id === id));
    assert.deepEqual(missing, [], `${missing.length} acknowledged writes are not on the new primary`);
    // Served again within the bound.
    assert.ok(outageMs < OUTAGE_BOUND_MS, `writes were refused for ${outageMs} ms after the primary died (bound ${OUTAGE_BOUND_MS} ms)`);
    // Refusals during the outage are 503s with Retry-After (the database is unavailable), not hangs; none after recovery.
    assert.ok(refused.length > 0, 'the kill came mid-load: some requests were refused');
    assert.ok(
      refused.every((a) => a.status === 503 && a.retryAfter !== undefined && a.retryAfter !== 'undefined'),
      `unexpected statuses ${statuses.join(', ')}`,
    );
    assert.ok(
      refused.every((a) => a.startedAt < firstAfterKill),
      'writes were refused after the app served again',
    );

    // The audit chain, sealed on both sides of the failover, verifies.
    await sealAuditEvents(services.db);
    const report = await verifyAuditChain(services.db);
    assert.equal(report.firstProblem, null, JSON.stringify(report.firstProblem));
    assert.ok(report.ok);
    assert.ok(report.checkedRows >= acknowledged.length, `${report.checkedRows} sealed rows checked`);
    assert.equal(report.unsealedRows, 0);
  });
});
