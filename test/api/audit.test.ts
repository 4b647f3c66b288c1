// The audit trail: every read and write of a patient's record leaves a row (who, what, when, from
// where, outcome) that nobody can change or remove through a normal connection; rows are sealed
// into a hash chain, and the verification (GET /audit/verification and `npm run audit:verify`)
// finds a row altered, deleted, moved or forged by someone who switched the append-only triggers
// off. Each tampering case runs on a database of its own.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { sealAuditEvents } from '../../src/db/auditChain.js';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startTestApi, type StaffRole, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, authorizeAndDispense, enrollPatient, pcngpVisit, type Patient } from '../support/journeys.js';
import type { UntypedJson } from '../support/json.js';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

/** A patient enrolled, prescribed, authorized and dispensed, their status read, and a stranger turned away. */
async function someActivity(api: TestApi, on = '2025-03-10'): Promise<Patient> {
  const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: on });
  const prescriptionId = await pcngpVisit(api, patient, on);
  await authorizeAndDispense(api, patient, prescriptionId, on);
  assertStatus(await api.as('prescriber').get(`/patients/${patient.id}/status`), 200);
  assertStatus(await api.as('otherPrescriber').get(`/patients/${patient.id}`), 404);
  return patient;
}

/** A fresh server with some activity, every audit row of it sealed. */
async function sealedTrail(): Promise<TestApi> {
  const api = await startTestApi();
  await someActivity(api);
  const verification = await api.as('admin').get('/audit/verification');
  assertStatus(verification, 200);
  assert.equal(verification.body.ok, true, JSON.stringify(verification.body));
  return api;
}

async function withClient<T>(api: TestApi, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: api.database.connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** What the owner of the table (or a superuser) could do: switch the append-only triggers off, tamper, switch them on. */
async function tamper<T>(api: TestApi, statements: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(api, async (client) => {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    const result = await statements(client);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    await client.query('COMMIT');
    return result;
  });
}

async function idAt(api: TestApi, chainSeq: number): Promise<string> {
  const row = await withClient(api, (client) => client.query('SELECT id::text AS id FROM audit_events WHERE chain_seq = $1', [chainSeq]));
  assert.equal(row.rowCount, 1, `a sealed row at chain_seq ${chainSeq}`);
  return row.rows[0].id as string;
}

async function unsealedCount(api: TestApi): Promise<number> {
  const result = await withClient(api, (client) => client.query('SELECT count(*)::int AS n FROM audit_events WHERE chain_seq IS NULL'));
  return result.rows[0].n as number;
}

async function verification(api: TestApi): Promise<UntypedJson> {
  const response = await api.as('admin').get('/audit/verification');
  assertStatus(response, 200, 'verification');
  return response.body;
}

function assertProblemAt(report: UntypedJson, expected: { chainSeq: number; kind: string; auditEventId: string | null }): void {
  assert.equal(report.ok, false, JSON.stringify(report));
  assert.deepEqual(
    { chainSeq: report.firstProblem.chainSeq, kind: report.firstProblem.kind, auditEventId: report.firstProblem.auditEventId },
    expected,
    JSON.stringify(report),
  );
  assert.equal(report.checkedRows, expected.chainSeq - 1, 'every row before the problem was checked');
  assert.ok(report.firstProblem.message.length > 0);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run audit:verify` against this test's database. */
function runVerifyCommand(api: TestApi, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit:verify', '--', ...args],
      { cwd: REPOSITORY, env: { ...process.env, DATABASE_URL: api.database.connectionString }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout: stdout.trim(), stderr });
      },
    );
  });
}

describe('the audit trail', () => {
  let api: TestApi;
  let patient: Patient;
  before(async () => {
    api = await startTestApi();
    patient = await someActivity(api);
    // The administrator's log-in is audited too: done here, so that the counts below are exact.
    assertStatus(await api.as('admin').get('/users'), 200);
  });
  after(() => api.close());

  test('after real activity the chain verifies; every row written so far is sealed first, the ones written after by the next verification', async () => {
    const written = await unsealedCount(api);
    assert.ok(written > 10, `activity wrote audit rows (${written})`);
    const first = await verification(api);
    assert.deepEqual(
      { ok: first.ok, checkedRows: first.checkedRows, unsealedRows: first.unsealedRows, sealedNow: first.sealedNow, firstProblem: first.firstProblem },
      { ok: true, checkedRows: written, unsealedRows: 0, sealedNow: written, firstProblem: null },
    );
    assert.equal(first.head.chainSeq, written);
    assert.match(first.head.rowHash, /^[0-9a-f]{64}$/);

    // The verification's own row, and what happens next, are written unsealed: the next one seals them.
    await someActivity(api, '2025-03-11');
    const later = await unsealedCount(api);
    assert.ok(later > 1, `${later} rows since`);
    const second = await verification(api);
    assert.equal(second.ok, true, JSON.stringify(second));
    assert.equal(second.sealedNow, later);
    assert.equal(second.checkedRows, written + later);
    assert.equal(second.unsealedRows, 0);
  });

  test("the minute's scheduled work seals what was written since", async () => {
    assertStatus(await api.as('prescriber').get(`/patients/${patient.id}/status`), 200);
    const pending = await unsealedCount(api);
    assert.ok(pending >= 1);
    const result = await runScheduledWork(api.services);
    assert.equal(result.sealed, pending);
    assert.equal(await unsealedCount(api), 0);
  });

  test('sealers running at once, while requests write, take turns: one chain, no fork, no row left out', async () => {
    const reads = Array.from({ length: 30 }, () => api.as('prescriber').get(`/patients/${patient.id}/status`));
    const sealers = Array.from({ length: 4 }, () => sealAuditEvents(api.services.db));
    const answers = await Promise.all(reads);
    await Promise.all(sealers);
    for (const answer of answers) {
      assertStatus(answer, 200);
    }
    const report = await verification(api);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.unsealedRows, 0);
    const chain = await withClient(api, (client) =>
      client.query('SELECT count(*)::int AS rows, max(chain_seq)::int AS last, count(*) FILTER (WHERE chain_seq IS NULL)::int AS unsealed FROM audit_events'),
    );
    // Everything but the verification's own row is in the chain, numbered 1..n without a gap.
    assert.deepEqual(chain.rows[0], { rows: (report.checkedRows as number) + 1, last: report.checkedRows, unsealed: 1 });
  });

  test('through a normal connection the trail is append-only: no DELETE, UPDATE, TRUNCATE, nor a row inserted already sealed', async () => {
    await verification(api);
    assertStatus(await api.as('prescriber').get(`/patients/${patient.id}/status`), 200);
    const unsealedId = (await withClient(api, (client) => client.query('SELECT id::text AS id FROM audit_events WHERE chain_seq IS NULL ORDER BY id LIMIT 1')))
      .rows[0].id as string;
    const refused = [
      ['DELETE FROM audit_events WHERE chain_seq = 2', /append-only: DELETE/],
      [`DELETE FROM audit_events WHERE id = ${unsealedId}`, /append-only: DELETE/],
      ["UPDATE audit_events SET outcome = 'denied' WHERE chain_seq = 2", /append-only: UPDATE/],
      [`UPDATE audit_events SET outcome = 'denied' WHERE id = ${unsealedId}`, /append-only: UPDATE/],
      ['UPDATE audit_events SET row_hash = prev_hash WHERE chain_seq = 2', /append-only: UPDATE/],
      // Sealing is the one update allowed, and only if it leaves the row's content as it was.
      [
        `UPDATE audit_events SET chain_seq = 1000000, prev_hash = sha256('x'), row_hash = sha256('y'), action = 'status.forged' WHERE id = ${unsealedId}`,
        /append-only: UPDATE/,
      ],
      ['TRUNCATE audit_events', /append-only: TRUNCATE/],
      [
        "INSERT INTO audit_events (action, outcome, chain_seq, prev_hash, row_hash) VALUES ('forged', 'ok', 1000000, sha256('x'), sha256('y'))",
        /inserted unsealed/,
      ],
    ] as const;
    await withClient(api, async (client) => {
      for (const [statement, message] of refused) {
        await assert.rejects(client.query(statement), message, statement);
      }
      // What the application does is still allowed: insert unsealed rows.
      await client.query("INSERT INTO audit_events (action, outcome) VALUES ('test.insert', 'ok')");
    });
    const report = await verification(api);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.unsealedRows, 0);
  });

  test('GET /audit-events answers who, what, when, from where and the outcome, newest first, by patient and by account; the reading is audited', async () => {
    const admin = api.as('admin');
    const byPatient = await admin.get(`/audit-events?patientId=${patient.id}`);
    assertStatus(byPatient, 200);
    const events = byPatient.body as UntypedJson[];
    assert.ok(events.length >= 8, JSON.stringify(events));
    assert.ok(events.every((event) => event.patientId === patient.id));
    const ids = events.map((event) => event.id as number);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );
    const enrollment = events.find((event) => event.action === 'patient.enroll');
    assert.ok(enrollment, JSON.stringify(events.map((event) => event.action)));
    assert.deepEqual(
      { actor: enrollment.actor, ip: enrollment.ip, outcome: enrollment.outcome, entity: enrollment.entity, entityId: enrollment.entityId },
      {
        actor: { id: api.ids.users.prescriber, email: 'prescriber@test.example', role: 'prescriber' },
        ip: '127.0.0.1',
        outcome: 'ok',
        entity: 'patient',
        entityId: patient.id,
      },
    );
    assert.match(enrollment.occurredAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(typeof enrollment.chainSeq, 'number', 'sealed by the verifications above');
    for (const action of ['status.read', 'prescription.write', 'authorization.request', 'dispense.record']) {
      assert.ok(
        events.some((event) => event.action === action),
        `${action} is in the trail`,
      );
    }

    // The stranger's attempt names no patient, but is kept under their account, as denied.
    const stranger = await admin.get(`/audit-events?actorId=${api.ids.users.otherPrescriber}`);
    assertStatus(stranger, 200);
    assert.ok(stranger.body.length >= 1);
    assert.ok(stranger.body.every((event: { actor: { id: unknown } }) => event.actor.id === api.ids.users.otherPrescriber));
    assert.ok(
      stranger.body.some(
        (event: { action: unknown; outcome: unknown; patientId: unknown }) =>
          event.action === 'patient.read' && event.outcome === 'denied' && event.patientId === null,
      ),
    );

    // Both filters at once, and pages that follow one another.
    const both = await admin.get(`/audit-events?patientId=${patient.id}&actorId=${api.ids.users.pharmacist}`);
    assert.ok(
      both.body.length >= 2 &&
        both.body.every((event: { patientId: unknown; actor: { role: unknown } }) => event.patientId === patient.id && event.actor.role === 'pharmacist'),
    );
    const firstPage = await admin.get(`/audit-events?patientId=${patient.id}&limit=3`);
    const secondPage = await admin.get(`/audit-events?patientId=${patient.id}&limit=3&offset=3`);
    assert.deepEqual(
      [...firstPage.body, ...secondPage.body].map((event: { id: unknown }) => event.id),
      ids.slice(0, 6),
    );

    const reads = await admin.get(`/audit-events?actorId=${api.ids.users.admin}&limit=1`);
    assert.equal(reads.body[0].action, 'audit.read');
    assert.equal(reads.body[0].patientId, null);
    assert.deepEqual(reads.body[0].detail, { patientId: patient.id, actorId: null, events: secondPage.body.length });

    assertProblem(await admin.get('/audit-events?patientId=nope&limit=0'), 400, 'bad filter');
  });

  test('only an administrator reads or verifies the trail: others get 403, and their attempt is kept', async () => {
    for (const role of ['prescriber', 'delegate', 'pharmacist'] as const satisfies readonly StaffRole[]) {
      assertProblem(await api.as(role).get(`/audit-events?patientId=${patient.id}`), 403, `${role} reads`);
      assertProblem(await api.as(role).get('/audit/verification'), 403, `${role} verifies`);
      const attempts = await api.as('admin').get(`/audit-events?actorId=${api.ids.users[role]}&limit=2`);
      assert.deepEqual(
        attempts.body.map((event: { action: unknown; outcome: unknown }) => [event.action, event.outcome]),
        [
          ['audit.verify', 'denied'],
          ['audit.read', 'denied'],
        ],
        role,
      );
    }
  });
});

describe('tampering behind the triggers is detected', () => {
  const columns: ReadonlyArray<[column: string, change: string]> = [
    ['occurred_at', "occurred_at + interval '1 microsecond'"],
    ['actor_id', 'NULL'],
    ['action', "'patient.forgotten'"],
    ['patient_id', 'NULL'],
    ['entity', "'nothing'"],
    ['entity_id', "'not-this-one'"],
    ['outcome', "'refused'"],
    ['ip', "'203.0.113.9'"],
    ['detail', `'{"reasons": []}'::jsonb`],
  ];

  test('(1) any content column of one row altered: the verification names that row, and passes again once it is put back', async () => {
    const api = await sealedTrail();
    try {
      // A row with every column filled in but detail: the enrollment's.
      const target = await withClient(api, (client) =>
        client.query("SELECT chain_seq::int AS seq, id::text AS id FROM audit_events WHERE action = 'patient.enroll' AND chain_seq IS NOT NULL"),
      );
      const { seq, id } = target.rows[0] as { seq: number; id: string };
      for (const [column, change] of columns) {
        const original = await withClient(api, (client) => client.query(`SELECT ${column}::text AS value FROM audit_events WHERE id = $1`, [id]));
        await tamper(api, (client) => client.query(`UPDATE audit_events SET ${column} = ${change} WHERE id = $1`, [id]));
        assertProblemAt(await verification(api), { chainSeq: seq, kind: 'altered', auditEventId: id });
        await tamper(api, (client) => client.query(`UPDATE audit_events SET ${column} = $2 WHERE id = $1`, [id, original.rows[0].value]));
        assert.equal((await verification(api)).ok, true, `${column} put back`);
      }
    } finally {
      await api.close();
    }
  });

  test('(2) a row deleted: the gap is named', async () => {
    const api = await sealedTrail();
    try {
      await tamper(api, (client) => client.query('DELETE FROM audit_events WHERE chain_seq = 4'));
      const report = await verification(api);
      assertProblemAt(report, { chainSeq: 4, kind: 'missing', auditEventId: null });
      assert.match(report.firstProblem.message, /no row has chain_seq 4 .*1 sealed row was deleted/);
    } finally {
      await api.close();
    }
  });

  test('(3) two rows reordered, by swapping their places in the chain or their contents', async () => {
    const api = await sealedTrail();
    try {
      const sixth = await idAt(api, 6);
      await tamper(api, async (client) => {
        await client.query('UPDATE audit_events SET chain_seq = 1000000 WHERE chain_seq = 3');
        await client.query('UPDATE audit_events SET chain_seq = 3 WHERE chain_seq = 6');
        await client.query('UPDATE audit_events SET chain_seq = 6 WHERE chain_seq = 1000000');
      });
      assertProblemAt(await verification(api), { chainSeq: 3, kind: 'reordered', auditEventId: sixth });
    } finally {
      await api.close();
    }

    const other = await sealedTrail();
    try {
      const second = await idAt(other, 2);
      const content = 'occurred_at, actor_id, action, patient_id, entity, entity_id, outcome, ip, detail';
      await tamper(other, (client) =>
        client.query(`
          UPDATE audit_events e SET (${content}) = (SELECT ${content} FROM audit_events s WHERE s.chain_seq = 5 - e.chain_seq)
          WHERE e.chain_seq IN (2, 3)`),
      );
      // Each row now carries the other's content, which its hash does not cover.
      assertProblemAt(await verification(other), { chainSeq: 2, kind: 'altered', auditEventId: second });
    } finally {
      await other.close();
    }
  });

  test('(4) a forged row slipped in with a made-up hash, at the end or with a chain position of its own', async () => {
    const api = await sealedTrail();
    try {
      const head = await withClient(api, (client) =>
        client.query('SELECT chain_seq::int AS seq, row_hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1'),
      );
      const { seq, row_hash: headHash } = head.rows[0] as { seq: number; row_hash: Buffer };
      const inserted = await tamper(api, (client) =>
        client.query(
          `INSERT INTO audit_events (actor_id, action, outcome, ip, chain_seq, prev_hash, row_hash)
           VALUES ($1, 'patient.read', 'ok', '127.0.0.1', $2, $3, $4) RETURNING id::text AS id`,
          [api.ids.users.prescriber, seq + 1, headHash, createHash('sha256').update('made up').digest()],
        ),
      );
      const forged = inserted.rows[0].id as string;
      // The sealer chains what comes next onto it; the forged row itself does not fit.
      assertProblemAt(await verification(api), { chainSeq: seq + 1, kind: 'altered', auditEventId: forged });

      await tamper(api, (client) => client.query('UPDATE audit_events SET chain_seq = $1 WHERE id = $2', [seq + 5, forged]));
      assertProblemAt(await verification(api), { chainSeq: seq + 1, kind: 'missing', auditEventId: null });
    } finally {
      await api.close();
    }
  });
});

describe('npm run audit:verify', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    await someActivity(api);
  });
  after(() => api.close());

  test('exits 0 on an intact trail and prints its head; exits 1 naming the first problem once a row is altered, or the end of the chain cut off', async () => {
    const intact = await runVerifyCommand(api);
    assert.equal(intact.code, 0, `${intact.stdout}\n${intact.stderr}`);
    const match = /^audit trail intact: (\d+) sealed rows checked \((\d+) sealed now\), 0 unsealed; head (\d+:[0-9a-f]{64})$/.exec(intact.stdout);
    assert.ok(match, intact.stdout);
    const anchor = match[3] as string;
    const anchorSeq = Number(anchor.split(':')[0]);
    assert.equal(Number(match[1]), anchorSeq);

    // The command's own audit row is sealed by the next run; the anchor still holds.
    const again = await runVerifyCommand(api, '--anchor', anchor);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, new RegExp(`^audit trail intact: ${anchorSeq + 1} sealed rows checked \\(1 sealed now\\)`));

    // Cutting off the end of the chain leaves a shorter chain that is whole in itself: only the
    // anchor, kept outside the database, shows it.
    await tamper(api, (client) => client.query('DELETE FROM audit_events WHERE chain_seq >= $1', [anchorSeq - 1]));
    const shortened = await runVerifyCommand(api);
    assert.equal(shortened.code, 0, shortened.stdout);
    const cut = await runVerifyCommand(api, '--anchor', anchor);
    assert.equal(cut.code, 1, cut.stdout);
    assert.match(cut.stdout, /^audit trail BROKEN at chain_seq \d+ \(rewritten/);

    const third = await idAt(api, 3);
    await tamper(api, (client) => client.query("UPDATE audit_events SET outcome = 'denied' WHERE chain_seq = 3"));
    const altered = await runVerifyCommand(api);
    assert.equal(altered.code, 1, altered.stdout);
    assert.match(altered.stdout, new RegExp(`^audit trail BROKEN at chain_seq 3 \\(altered, audit event ${third}\\): .*; 2 sealed rows checked`));

    const badAnchor = await runVerifyCommand(api, '--anchor', 'yesterday');
    assert.equal(badAnchor.code, 2);
    assert.match(badAnchor.stderr, /NOT CHECKED: --anchor takes/);
  });
});
