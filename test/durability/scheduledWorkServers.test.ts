// Scheduled work with several app servers (issue 12): every server runs it each minute, each piece
// of work is done once. Three `Services`, each with its own connection pool as a separate server
// would have, run the scheduled work at the same moment, round after round, against one database
// holding due reminders and unsealed audit rows, while requests keep writing audit rows: every
// reminder reaches the mail server exactly once, and the audit chain verifies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../src/db/auditChain.js';
import { createDatabase } from '../../src/db/database.js';
import type { Services } from '../../src/services/context.js';
import { smtpTransport } from '../../src/services/reminders/transports.js';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertStatus, enrollPatient, type Patient } from '../support/journeys.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';
import { present } from '../support/present.js';

const SERVERS = 3;
const ROUNDS = 3;
const TODAY = '2025-03-20';

describe('scheduled work run by several servers at once', () => {
  let api: TestApi;
  let sink: SmtpSink;
  let servers: Services[];
  let patients: Patient[];

  before(async () => {
    api = await startTestApi();
    sink = await startSmtpSink();
    patients = [];
    for (let index = 0; index < 3; index += 1) {
      patients.push(
        await enrollPatient(api, {
          enrolledOn: '2025-03-01',
          account: { email: `several.servers.${index}@test.example`, password: 'correct horse battery staple' },
        }),
      );
    }
    api.today(TODAY);
    servers = Array.from({ length: SERVERS }, () => ({
      ...api.services,
      db: createDatabase(api.database.connectionString, { max: 4 }),
      messageTransport: smtpTransport(sink.url, 'isocourse <no-reply@test.example>'),
    }));
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.db.destroy()));
    await api.close();
    await sink.close();
  });

  /** Synthetic reminders, due by today, addressed to the prescriber (who has an email address). */
  const queueReminders = async (count: number, label: string, channel: 'smtp' | 'inbox' = 'smtp'): Promise<string[]> => {
    const rows = Array.from({ length: count }, (_, index) => ({
      patient_id: present(patients[index % patients.length]).id,
      recipient_user_id: api.ids.users.prescriber,
      kind: 'test',
      subject: `Reminder ${label} ${index}`,
      body: `Synthetic reminder ${label} ${index}.`,
      due_on: index % 2 === 0 ? TODAY : '2025-03-18',
      channel,
      dedupe_key: `several-servers:${label}:${index}`,
    }));
    const inserted = await api.database.db.insertInto('outbox_messages').values(rows).returning('id').execute();
    return inserted.map((row) => row.id);
  };

  /** Message-ID → how many times the mail server received it. */
  const mailsByReminder = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const mail of sink.received) {
      const id = /^Message-ID: <reminder-([0-9a-f-]{36})@/im.exec(mail.data)?.[1];
      assert.ok(id, `a reminder mail carries its outbox id as Message-ID: ${mail.data.slice(0, 300)}`);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };

  test('every due reminder is delivered exactly once and every audit row is sealed once', async () => {
    // More than one run's batch (REMINDER_BATCH) per server, so the servers share the work.
    const smtp = await queueReminders(420, 'smtp');
    const inbox = await queueReminders(60, 'inbox', 'inbox');
    // Entries to refresh: every patient's, so the refresh (one server) also plans real reminders.
    await api.database.db.updateTable('worklist_entries').set({ needs_refresh: true }).execute();

    let writing = true;
    const traffic = (async () => {
      // Requests writing audit rows while the sealers run.
      let requests = 0;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- 'writing' is set false below, after this loop starts; narrowing does not see that
      while (writing && requests < 200) {
        assertStatus(await api.as('prescriber').get(`/patients/${present(patients[requests % patients.length]).id}`), 200);
        requests += 1;
      }
      return requests;
    })();
    const results = await Promise.all(
      servers.map(async (server) => {
        const runs = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          runs.push(await runScheduledWork(server));
        }
        return runs;
      }),
    );
    writing = false;
    assert.ok((await traffic) > 0);

    const delivered = results.flat().reduce((sum, run) => sum + run.delivered, 0);
    const failed = results.flat().reduce((sum, run) => sum + run.failed, 0);
    assert.equal(failed, 0, JSON.stringify(results));
    const twice = [...mailsByReminder()].filter(([, count]) => count > 1);
    assert.deepEqual(twice, [], 'no reminder mailed twice');
    const perServer = results.map((runs) => runs.reduce((sum, run) => sum + run.delivered, 0));
    assert.ok(perServer.filter((count) => count > 0).length >= 2, `the servers shared the reminders: ${perServer.join(', ')}`);

    const outbox = await api.database.db.selectFrom('outbox_messages').select(['id', 'channel', 'delivered_at', 'claimed_until']).execute();
    assert.ok(
      outbox.every((row) => row.delivered_at !== null && row.claimed_until === null),
      'every reminder delivered, no claim left',
    );
    assert.equal(delivered, outbox.length, 'each reminder counted delivered by one server only');
    for (const id of [...smtp, ...inbox]) {
      assert.ok(outbox.some((row) => row.id === id));
    }

    const mails = mailsByReminder();
    const smtpRows = outbox.filter((row) => row.channel === 'smtp');
    assert.ok(smtpRows.length >= smtp.length);
    assert.deepEqual([...mails.keys()].sort(), smtpRows.map((row) => row.id).sort(), 'every mailed reminder, and only those, reached the mail server');
    for (const id of inbox) {
      assert.equal(mails.has(id), false, 'inbox reminders are not mailed');
    }

    // A last seal for the rows the traffic wrote after the servers' last one; then the chain is whole.
    await runScheduledWork(present(servers[0]));
    const report = await verifyAuditChain(api.database.db);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.unsealedRows, 0);
    const { rows } = await sql<{ sealed: number; positions: number; top: number }>`
      SELECT count(*)::int AS sealed, count(DISTINCT chain_seq)::int AS positions, coalesce(max(chain_seq), 0)::int AS top
      FROM audit_events WHERE chain_seq IS NOT NULL`.execute(api.database.db);
    assert.deepEqual(
      rows[0],
      { sealed: present(rows[0]).positions, positions: present(rows[0]).top, top: present(rows[0]).sealed },
      'chain positions 1..n, one row each',
    );
  });

  test('a server that dies mid-delivery leaves its claim, and the reminder goes out once the claim expires (at least once)', async () => {
    const [id] = await queueReminders(1, 'orphaned');
    // As a server killed after claiming it would leave it: claimed, not delivered.
    await api.database.db
      .updateTable('outbox_messages')
      .set({ claimed_until: sql<Date>`clock_timestamp() + interval '30 minutes'`, claimed_by: 'a server that died' })
      .where('id', '=', present(id))
      .execute();
    await Promise.all(servers.map((server) => runScheduledWork(server)));
    const held = await api.database.db.selectFrom('outbox_messages').select(['delivered_at']).where('id', '=', present(id)).executeTakeFirstOrThrow();
    assert.equal(held.delivered_at, null, 'a live claim is left alone');
    assert.equal(mailsByReminder().has(present(id)), false);

    await api.database.db
      .updateTable('outbox_messages')
      .set({ claimed_until: sql<Date>`clock_timestamp() - interval '1 second'` })
      .where('id', '=', present(id))
      .execute();
    await Promise.all(servers.map((server) => runScheduledWork(server)));
    const taken = await api.database.db
      .selectFrom('outbox_messages')
      .select(['delivered_at', 'claimed_by'])
      .where('id', '=', present(id))
      .executeTakeFirstOrThrow();
    assert.notEqual(taken.delivered_at, null, 'an expired claim is taken over');
    assert.equal(taken.claimed_by, null);
    assert.equal(mailsByReminder().get(present(id)), 1, 'and the reminder is mailed once');
  });
});
