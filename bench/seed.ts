// Seeds the benchmark database with synthetic patients, set-based: a few INSERT … SELECT over
// generate_series straight into the fact tables (no use cases, no round trip per row), so 100,000
// patients with their histories take well under two minutes on a 2-core machine.
//
// Every patient gets a plan (temp table bench_plan): a state, a risk category, how many months of
// treatment were dispensed, and the day offsets (relative to the program's "today") of each event.
// One row per month of treatment (temp table bench_month) then yields the month's facts, with the
// dates the rules expect (demoPractice.ts plays the same shapes through the use cases):
//   PCGP month 1: screening + contraception at enrollment, confirmation test 30 days later with
//   counseling, comprehension and prescription that day; later months: monthly test, counseling,
//   contraception, comprehension and prescription on the test day. The pharmacy authorizes and
//   dispenses 0–3 days after the test (inside the 7-day window); half of the authorizations carry a
//   REMS confirmation, 3 % of months an extra authorization that was reversed.
//   PCNGP: counseling and prescription each month, then authorization and dispense.
// States (share of the non-target patients): qualifying 10 % (enrolled, partly qualified),
// active 45 % (between fills), held 5 % (authorized, not yet dispensed), lapsed 8 % (window missed
// or authorization expired), completed 31 % (course ended, end-of-treatment and post-treatment
// tests; some restarted), pregnancy hold 1 %. Birth dates make about 7 % of the active patients
// minors with a guardian's consent; some PCGP patients test at home (REMS-2026 opt-in) or declare
// abstinence.
//
// Every 8th patient (12,500) is a target: a window open today with every requirement met and an
// unfilled prescription written today, so a pharmacy's authorization request for it succeeds (201).
// Their month 1..6 of treatment is spread like everyone else's. Targets are listed, shuffled, in
// bench_targets; bench_meta records the program day of the seed, so a later run on the same day
// reuses the data (after deleting what earlier runs wrote), and a run on another day reseeds.
import type pg from 'pg';
import { isIsoDate, type IsoDate } from '../src/domain/dates.js';
import type { Target } from './replay.js';

export const SEED_VERSION = '1';
export const BENCH_PASSWORD = 'isocourse-bench-2026';
/** Pharmacists seeded, one per certified pharmacy. */
export const BENCH_PHARMACISTS = 20;
export const benchPharmacistEmail = (n: number): string => `pharmacist${n}@bench.isocourse.test`;
/** The pharmacist of phases (b) and (c). */
export const BENCH_PHARMACIST_EMAIL = benchPharmacistEmail(0);
/** Prescribers seeded at 100,000 patients (STAFF_SQL), each with about 500 patients. */
export const BENCH_PRESCRIBERS = 200;
/**
 * Prescribers seeded for `patients`: about 500 patients each, never fewer than 200 (so 100,000
 * patients seed the same data as before; 1,000,000 seed 2,000 prescribers, not 200 lists of 5,000).
 * Practices: one per four prescribers.
 */
export function benchPrescribers(patients: number): number {
  return Math.max(BENCH_PRESCRIBERS, Math.ceil(patients / 500));
}
/** Prescribers 0..49 have a delegate each (delegate n works for prescriber n). */
export const BENCH_DELEGATES = 50;
export const benchPrescriberEmail = (n: number): string => `prescriber${n}@bench.isocourse.test`;
export const benchDelegateEmail = (n: number): string => `delegate${n}@bench.isocourse.test`;

export interface SeedOptions {
  patients: number;
  today: IsoDate;
  rems2026EffectiveDate: IsoDate;
  passwordHash: string;
  log: (message: string) => void;
}

/** The fact tables the seed fills (their secondary indexes are dropped during the bulk load). */
const APP_TABLES = [
  'audit_events',
  'idempotency_keys',
  'dispenses',
  'authorization_reversals',
  'rems_confirmations',
  'authorizations',
  'prescriptions',
  'home_testing_opt_ins',
  'pregnancy_tests',
  'comprehension_checks',
  'contraception_declarations',
  'counseling_attestations',
  'consents',
  'category_assignments',
  'course_ends',
  'course_restarts',
  'pregnancy_reports',
  'pregnancy_clearances',
  'patients',
  'sessions',
  'certifications',
  'users',
  'organizations',
];

export interface SeedState {
  seededOn: IsoDate;
  patients: number;
  targets: number;
  /** Audit rows with a larger id were written by benchmark runs. */
  lastSeededAuditId: number;
}

/**
 * Every table of the application's schema, whatever migration created it (0002_clinical,
 * 0003_worklist and later ones included): all but the migrations' own record and the seed's
 * bench_* tables.
 */
async function schemaTables(client: pg.ClientBase): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
       AND c.relname <> 'schema_migrations' AND c.relname NOT LIKE 'bench\\_%'
     ORDER BY c.relname`,
  );
  return tables.rows.map((row) => row.name);
}

/** The row of a query that always answers exactly one (a SELECT without FROM, a count, SHOW). */
export function onlyRow<R extends pg.QueryResultRow>(result: pg.QueryResult<R>): R {
  const [row] = result.rows;
  if (row === undefined) {
    throw new Error(`expected a row from ${result.command}`);
  }
  return row;
}

/** What an earlier seed left, or null when the database holds no (current) benchmark seed. */
export async function readSeedState(client: pg.ClientBase): Promise<SeedState | 'foreign' | null> {
  const hasMeta = await client.query<{ present: boolean }>(`SELECT to_regclass('bench_meta') IS NOT NULL AS present`);
  if (!onlyRow(hasMeta).present) {
    // Not ours unless every table is empty (the seed truncates them all).
    for (const table of await schemaTables(client)) {
      const rows = await client.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM "${table}") AS present`);
      if (onlyRow(rows).present) {
        return 'foreign';
      }
    }
    return null;
  }
  const meta = await client.query<{ key: string; value: string }>('SELECT key, value FROM bench_meta');
  const values = new Map(meta.rows.map((row) => [row.key, row.value]));
  if (values.get('version') !== SEED_VERSION) {
    return null;
  }
  const patients = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM patients');
  const targets = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_targets');
  return {
    seededOn: values.get('seeded_on') ?? '',
    patients: onlyRow(patients).n,
    targets: onlyRow(targets).n,
    lastSeededAuditId: Number(values.get('last_audit_id') ?? 0),
  };
}

/**
 * The id of the new prescription that prepareMixedPrescriptions writes for the target whose seeded
 * prescription is `prescription` (an SQL expression of type uuid), as SQL: deterministic, so
 * unfilledTargets and resetRuns find it.
 */
const mixedPrescriptionId = (prescription: string): string => `md5('bench-mixed-rx-' || ${prescription}::text)::uuid`;
/** Every prescription a run may have authorized: the targets' and the new ones of (e). */
const RUN_PRESCRIPTIONS = `(SELECT prescription_id FROM bench_targets UNION ALL SELECT ${mixedPrescriptionId('prescription_id')} FROM bench_targets)`;

/**
 * Deletes what earlier benchmark runs wrote, so every target prescription is unfilled again and no
 * worklist entry is computed yet: their authorizations (and the reversals and new prescriptions of
 * prepareMixedPrescriptions), the pregnancy tests (e) recorded (found through their audit rows),
 * their audit rows and sessions, and the derived tables the seed leaves empty (the worklist cache,
 * which the phases mark and fill, and the reminders its refresh queues). The clinical fact tables
 * (0002_clinical) stay empty: no run writes to them.
 */
export async function resetRuns(client: pg.ClientBase, state: SeedState): Promise<number> {
  let removed = 0;
  await withoutTriggers(client, ['audit_events'], async () => {
    removed = await deleteRuns(client, state);
  });
  await client.query(
    'VACUUM ANALYZE authorizations, authorization_reversals, prescriptions, pregnancy_tests, audit_events, sessions, worklist_entries, outbox_messages',
  );
  return removed;
}

async function deleteRuns(client: pg.ClientBase, state: SeedState): Promise<number> {
  await client.query(
    `DELETE FROM pregnancy_tests WHERE id IN (
       SELECT entity_id::uuid FROM audit_events
       WHERE id > $1 AND action = 'pregnancyTest.record' AND outcome = 'ok' AND entity_id IS NOT NULL)`,
    [state.lastSeededAuditId],
  );
  await client.query(
    `DELETE FROM authorization_reversals r USING authorizations a
     WHERE r.authorization_id = a.id AND a.prescription_id IN ${RUN_PRESCRIPTIONS}`,
  );
  const removed = await client.query(`DELETE FROM authorizations WHERE prescription_id IN ${RUN_PRESCRIPTIONS}`);
  await client.query(`DELETE FROM prescriptions WHERE id IN (SELECT ${mixedPrescriptionId('prescription_id')} FROM bench_targets)`);
  await client.query('DELETE FROM audit_events WHERE id > $1', [state.lastSeededAuditId]);
  await client.query('DELETE FROM sessions');
  await client.query('TRUNCATE worklist_entries, outbox_messages');
  // Every patient has an entry, marked until computed (migrations/0026): as after a deploy that
  // marks them all. (d) computes its prescribers' and stands in for the others'.
  await client.query('INSERT INTO worklist_entries (patient_id, prescriber_id) SELECT id, prescriber_id FROM patients');
  return removed.rowCount ?? 0;
}

/**
 * Runs `work` in one transaction with the user triggers of `tables` disabled (the table owner's
 * right: the role that ran the migrations). The audit trail is append-only (0005_audit_chain: its
 * triggers refuse DELETE and TRUNCATE), and the seed and resetRuns remove rows of it from this
 * synthetic database: the rows a seed or a run wrote, never sealed (the benchmark's server does not
 * run the scheduled work that seals them). The triggers are enabled again before COMMIT, and a
 * failure rolls the whole back, so they are never left disabled.
 */
async function withoutTriggers(client: pg.ClientBase, tables: readonly string[], work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const table of tables) {
      await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    }
    await work();
    for (const table of tables) {
      await client.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * The targets whose prescription no authorization names yet, in the seed's shuffled order: with
 * their seeded prescription ('seeded', phases b and c), or with the new one of
 * prepareMixedPrescriptions ('mixed', phase e).
 */
export async function unfilledTargets(client: pg.ClientBase, prescriptions: 'seeded' | 'mixed'): Promise<Target[]> {
  const prescription = prescriptions === 'seeded' ? 't.prescription_id' : mixedPrescriptionId('t.prescription_id');
  const rows = await client.query<{ patient_id: string; program_id: string; birth_date: string; prescription_id: string; prescriber_id: string }>(
    `SELECT t.patient_id, t.program_id, t.birth_date::text AS birth_date, rx.id AS prescription_id, p.prescriber_id
     FROM bench_targets t JOIN patients p ON p.id = t.patient_id JOIN prescriptions rx ON rx.id = ${prescription}
     WHERE NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.prescription_id = rx.id)
     ORDER BY md5(t.prescription_id::text)`,
  );
  return rows.rows.map((row) => ({
    patientId: row.patient_id,
    programId: row.program_id,
    birthDate: row.birth_date,
    prescriptionId: row.prescription_id,
    prescriberId: row.prescriber_id,
  }));
}

/**
 * Fresh prescriptions for phase (e), one per target patient, written straight into the tables like
 * the seed: where (b) or (c) authorized the target's prescription, the pharmacy reversed that
 * authorization today (a wrong quantity), and for every target the prescriber wrote a new
 * prescription today, a copy of the seeded one; each patient's worklist entry is marked as the use
 * cases mark it. Each target can then be authorized once more, for the new prescription. No audit
 * rows are written for these facts. resetRuns removes all of it.
 */
export async function prepareMixedPrescriptions(client: pg.ClientBase, today: IsoDate): Promise<{ reversed: number; written: number }> {
  await client.query('BEGIN');
  const reversed = await client.query(
    `INSERT INTO authorization_reversals (authorization_id, reversed_on, reason, recorded_by)
     SELECT a.id, $1::date, 'Wrong quantity entered; the prescriber writes a new prescription', a.requested_by
     FROM authorizations a JOIN bench_targets t ON t.prescription_id = a.prescription_id
     WHERE NOT EXISTS (SELECT 1 FROM authorization_reversals r WHERE r.authorization_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM dispenses d WHERE d.authorization_id = a.id)`,
    [today],
  );
  const written = await client.query(
    `INSERT INTO prescriptions (id, patient_id, prescriber_id, written_on, product, strength_mg, capsules_per_day, days_supply, quantity, refills, recorded_by)
     SELECT ${mixedPrescriptionId('rx.id')}, rx.patient_id, rx.prescriber_id, $1::date, rx.product, rx.strength_mg, rx.capsules_per_day,
            rx.days_supply, rx.quantity, rx.refills, rx.prescriber_id
     FROM bench_targets t JOIN prescriptions rx ON rx.id = t.prescription_id
     ON CONFLICT (id) DO NOTHING`,
    [today],
  );
  await client.query(
    `INSERT INTO worklist_entries (patient_id, prescriber_id)
     SELECT p.id, p.prescriber_id FROM patients p JOIN bench_targets t ON t.patient_id = p.id
     ON CONFLICT (patient_id) DO UPDATE
       SET needs_refresh = true, prescriber_id = excluded.prescriber_id, fact_version = worklist_entries.fact_version + 1`,
  );
  await client.query('COMMIT');
  await client.query('ANALYZE authorization_reversals, prescriptions');
  return { reversed: reversed.rowCount ?? 0, written: written.rowCount ?? 0 };
}

/**
 * Patients of these prescribers who can get pregnant (PCGP) and are between fills, in the seed's
 * sense: dispensed within the last 30 days, no authorization still open, no course ended, no
 * pregnancy reported or positive test, not a target. What phase (e) records this month's pregnancy test for.
 */
export async function patientsBetweenFills(
  client: pg.ClientBase,
  prescriberIds: readonly string[],
  today: IsoDate,
): Promise<Array<{ patientId: string; prescriberId: string }>> {
  const rows = await client.query<{ id: string; prescriber_id: string }>(
    `SELECT p.id, p.prescriber_id FROM patients p
     WHERE p.prescriber_id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM bench_targets t WHERE t.patient_id = p.id)
       AND (SELECT c.category FROM category_assignments c WHERE c.patient_id = p.id
            ORDER BY c.effective_on DESC, c.recorded_at DESC LIMIT 1) = 'PCGP'
       AND EXISTS (SELECT 1 FROM authorizations a JOIN dispenses d ON d.authorization_id = a.id
                   WHERE a.patient_id = p.id AND d.dispensed_on > $2::date - 30)
       AND NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.patient_id = p.id AND a.do_not_dispense_after >= $2::date
                         AND NOT EXISTS (SELECT 1 FROM dispenses d WHERE d.authorization_id = a.id)
                         AND NOT EXISTS (SELECT 1 FROM authorization_reversals r WHERE r.authorization_id = a.id))
       AND NOT EXISTS (SELECT 1 FROM course_ends e WHERE e.patient_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM pregnancy_reports r WHERE r.patient_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM pregnancy_tests pt WHERE pt.patient_id = p.id AND pt.result = 'positive')
     ORDER BY md5(p.id::text)`,
    [prescriberIds, today],
  );
  return rows.rows.map((row) => ({ patientId: row.id, prescriberId: row.prescriber_id }));
}

export async function seed(client: pg.ClientBase, options: SeedOptions): Promise<SeedState> {
  const { today, patients, log } = options;
  if (!isIsoDate(today) || !isIsoDate(options.rems2026EffectiveDate)) {
    throw new Error('seed: bad date');
  }
  if (!/^[A-Za-z0-9$+/=]+$/.test(options.passwordHash)) {
    throw new Error('seed: unexpected password hash format');
  }
  const started = Date.now();
  type StepResult = Pick<pg.QueryResult, 'rowCount'>;
  const step = async (label: string, sql: string): Promise<void> => {
    const at = Date.now();
    // A text of several statements answers one result per statement: pg's types show only the
    // single case, so the assertion widens them to what it returns.
    const result = (await client.query(
      sql
        .replaceAll(':today', `DATE '${today}'`)
        .replaceAll(':rems2026', `DATE '${options.rems2026EffectiveDate}'`)
        .replaceAll(':patients', String(patients))
        .replaceAll(':prescribers', String(benchPrescribers(patients)))
        .replaceAll(':practices', String(Math.ceil(benchPrescribers(patients) / 4)))
        .replaceAll(':hash', `'${options.passwordHash}'`),
    )) as StepResult | StepResult[];
    const rows = Array.isArray(result) ? result.reduce((sum, r) => sum + (r.rowCount ?? 0), 0) : (result.rowCount ?? 0);
    log(`  ${label}: ${rows.toLocaleString('en-US')} rows, ${((Date.now() - at) / 1000).toFixed(1)} s`);
  };

  // A seed that failed half-way may have left indexes dropped: put them back first.
  const earlier = await client.query<{ present: boolean }>(`SELECT to_regclass('bench_meta') IS NOT NULL AS present`);
  if (onlyRow(earlier).present) {
    const dropped = await client.query<{ value: string }>(`SELECT value FROM bench_meta WHERE key = 'dropped_indexes'`);
    for (const definition of JSON.parse(dropped.rows[0]?.value ?? '[]') as string[]) {
      await client.query(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
    }
  }
  // bench_meta first: a seed that fails half-way is recognised as the benchmark's own and redone.
  await client.query('DROP TABLE IF EXISTS bench_meta, bench_targets');
  await client.query(`CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)`);
  await client.query(`INSERT INTO bench_meta VALUES ('version', 'incomplete')`);
  // Every table, not only the ones seeded: the clinical tables and the worklist cache start empty.
  const tables = await schemaTables(client);
  await withoutTriggers(client, tables, async () => {
    await client.query(`TRUNCATE ${tables.map((table) => `"${table}"`).join(', ')} RESTART IDENTITY CASCADE`);
  });
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET work_mem = '64MB'`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  // Bulk loading: the rows are consistent by construction, so skip the per-row foreign-key checks
  // where the role may (a superuser, as the embedded cluster's is), and build the non-unique indexes
  // once at the end instead of updating them row by row.
  const skipsForeignKeyChecks = await client
    .query(`SET session_replication_role = replica`)
    .then(() => true)
    .catch(() => false);
  const secondaryIndexes = await client.query<{ name: string; definition: string }>(
    `
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT i.indisunique AND NOT i.indisprimary`,
    [APP_TABLES],
  );
  await client.query(`INSERT INTO bench_meta VALUES ('dropped_indexes', $1)`, [JSON.stringify(secondaryIndexes.rows.map((index) => index.definition))]);
  for (const index of secondaryIndexes.rows) {
    await client.query(`DROP INDEX ${index.name}`);
  }
  // A uniform pseudo-random integer in [0, m) for (salt, n): deterministic, so a seed is reproducible.
  await client.query(`CREATE OR REPLACE FUNCTION pg_temp.h(salt text, n bigint, m int) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((hashtext(salt || n::text)::bigint & 2147483647) % m)::int $$`);

  await step('staff', STAFF_SQL);
  await step('plan', PLAN_SQL);
  await step('months', MONTHS_SQL);
  await step('patients', PATIENTS_SQL);
  await step('enrollment and consents', ENROLLMENT_SQL);
  await step('pregnancy tests', TESTS_SQL);
  await step('contraception, counseling, comprehension', VISITS_SQL);
  await step('prescriptions', PRESCRIPTIONS_SQL);
  await step('authorizations, REMS confirmations, reversals, dispenses', PHARMACY_SQL);
  await step('course ends, restarts, pregnancy reports, opt-ins', COURSE_SQL);
  await step('audit trail', AUDIT_SQL);
  let at = Date.now();
  for (const index of secondaryIndexes.rows) {
    await client.query(index.definition);
  }
  log(`  ${secondaryIndexes.rows.length} indexes rebuilt: ${((Date.now() - at) / 1000).toFixed(1)} s`);
  if (skipsForeignKeyChecks) {
    await client.query(`SET session_replication_role = DEFAULT`);
  }
  await step('targets', TARGETS_SQL);
  at = Date.now();
  await client.query('VACUUM ANALYZE');
  log(`  vacuum analyze: ${((Date.now() - at) / 1000).toFixed(1)} s`);
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const state = await readSeedState(client);
  if (state === null || state === 'foreign') {
    throw new Error('seed: bench_meta missing after seeding');
  }
  return state;
}

// Staff: 50 practices with 4 certified prescribers each (and a delegate each), 20 certified
// pharmacies with a pharmacist each. The benchmark logs in as pharmacist0. One scrypt hash for all.
const STAFF_SQL = `
INSERT INTO organizations (id, kind, name, jurisdiction, created_at)
SELECT md5('bench-practice-' || n)::uuid, 'practice', 'Bench Dermatology ' || n, 'US', :today - 1000 FROM generate_series(0, :practices - 1) n
UNION ALL
SELECT md5('bench-pharmacy-' || n)::uuid, 'pharmacy', 'Bench Pharmacy ' || n, 'US', :today - 1000 FROM generate_series(0, 19) n;

INSERT INTO users (id, email, password_hash, display_name, role, organization_id, supervising_prescriber_id, created_at)
SELECT md5('bench-admin')::uuid, 'admin@bench.isocourse.test', :hash, 'Bench Admin', 'admin', NULL::uuid, NULL::uuid, :today - 1000
UNION ALL
SELECT md5('bench-prescriber-' || n)::uuid, 'prescriber' || n || '@bench.isocourse.test', :hash, 'Dr. Bench ' || n,
       'prescriber', md5('bench-practice-' || (n % :practices))::uuid, NULL::uuid, :today - 1000
FROM generate_series(0, :prescribers - 1) n;

INSERT INTO users (id, email, password_hash, display_name, role, organization_id, supervising_prescriber_id, created_at)
SELECT md5('bench-delegate-' || n)::uuid, 'delegate' || n || '@bench.isocourse.test', :hash, 'Delegate ' || n,
       'delegate', md5('bench-practice-' || n)::uuid, md5('bench-prescriber-' || n)::uuid, :today - 1000
FROM generate_series(0, 49) n
UNION ALL
SELECT md5('bench-pharmacist-' || n)::uuid, 'pharmacist' || n || '@bench.isocourse.test', :hash, 'Pharmacist ' || n,
       'pharmacist', md5('bench-pharmacy-' || n)::uuid, NULL::uuid, :today - 1000
FROM generate_series(0, 19) n;

INSERT INTO certifications (organization_id, user_id, status, effective_on, recorded_by, recorded_at)
SELECT id, NULL, 'certified', :today - 1000, md5('bench-admin')::uuid, (:today - 1000) + time '09:00' FROM organizations
UNION ALL
SELECT NULL, md5('bench-prescriber-' || n)::uuid, 'certified', :today - 1000 + pg_temp.h('cert', n, 200),
       md5('bench-admin')::uuid, (:today - 1000 + pg_temp.h('cert', n, 200)) + time '09:00'
FROM generate_series(0, :prescribers - 1) n
UNION ALL
-- Some prescribers were suspended for a while and certified again.
SELECT NULL, md5('bench-prescriber-' || n)::uuid, s.status, :today - s.days, md5('bench-admin')::uuid, (:today - s.days) + time '09:00'
FROM generate_series(0, :prescribers - 1) n, (VALUES ('suspended', 500), ('certified', 470)) s (status, days)
WHERE n % 10 = 3;
`;

const PLAN_SQL = `
CREATE TEMP TABLE bench_plan AS
WITH s AS (
  SELECT i, r,
    CASE WHEN i % 8 = 0 THEN 'ready'
         WHEN r < 100 THEN 'qualifying' WHEN r < 550 THEN 'active' WHEN r < 600 THEN 'held'
         WHEN r < 680 THEN 'lapsed' WHEN r < 990 THEN 'completed' ELSE 'hold' END AS state
  FROM (SELECT i, pg_temp.h('state', i, 1000) AS r FROM generate_series(1, :patients) i) x
), c AS (
  SELECT i, state,
    CASE WHEN state = 'hold' OR pg_temp.h('cat', i, 100) < 58 THEN 'PCGP' ELSE 'PCNGP' END AS category,
    CASE state WHEN 'ready' THEN pg_temp.h('m', i, 6) WHEN 'qualifying' THEN 0 WHEN 'active' THEN 1 + pg_temp.h('m', i, 6)
      WHEN 'held' THEN pg_temp.h('m', i, 6) WHEN 'lapsed' THEN pg_temp.h('m', i, 5)
      WHEN 'completed' THEN 3 + pg_temp.h('m', i, 5) ELSE 1 + pg_temp.h('m', i, 4) END AS m,
    pg_temp.h('t', i, 4) AS t,
    22 + pg_temp.h('gap', i, 8) AS gap
  FROM s
), d AS (
  SELECT c.*,
    CASE WHEN state IN ('ready', 'held') THEN -pg_temp.h('cur', i, 6)
         WHEN state = 'lapsed' AND category = 'PCGP' THEN -(8 + pg_temp.h('cur', i, 25))
         WHEN state = 'lapsed' THEN -(31 + pg_temp.h('cur', i, 25))
         WHEN state = 'hold' THEN -(2 + pg_temp.h('cur', i, 20)) END AS cur
  FROM c
), l AS (
  SELECT d.*,
    CASE WHEN m = 0 THEN NULL WHEN cur IS NOT NULL THEN cur - gap
         WHEN state = 'active' THEN -(1 + pg_temp.h('last', i, 29))
         ELSE -(40 + pg_temp.h('last', i, 700)) END AS last
  FROM d
), e AS (
  SELECT l.*,
    CASE WHEN m > 0 THEN last - 30 * (m - 1) - t - (CASE WHEN category = 'PCGP' THEN 30 ELSE 0 END)
         WHEN cur IS NOT NULL THEN cur - (CASE WHEN category = 'PCGP' THEN 30 ELSE 0 END)
         ELSE -pg_temp.h('enrolled', i, 40) END AS enrolled
  FROM l
)
SELECT e.*,
  md5('bench-patient-' || i)::uuid AS patient_id,
  md5('bench-prescriber-' || pg_temp.h('prescriber', i, :prescribers))::uuid AS prescriber_id,
  md5('bench-practice-' || (pg_temp.h('prescriber', i, :prescribers) % :practices))::uuid AS practice_id,
  CASE WHEN state = 'ready' THEN 0 ELSE pg_temp.h('pharmacy', i, 20) END AS pharmacy,
  pg_temp.h('q', i, 4) AS q,
  -- About 7 % minors among the recently enrolled (15–17 years old today), adults 18–45 otherwise.
  CASE WHEN state IN ('ready', 'held', 'active', 'qualifying', 'lapsed') AND pg_temp.h('minor', i, 100) < 7
       THEN (:today - make_interval(years => 15 + pg_temp.h('age', i, 3)))::date - pg_temp.h('bday', i, 360)
       ELSE (:today - make_interval(years => 18 + pg_temp.h('age', i, 28)))::date - pg_temp.h('bday', i, 360) END AS birth_date,
  (ARRAY['absorica', 'claravis', 'amnesteem', 'myorisan', 'zenatane', 'isotretinoinGeneric'])[1 + pg_temp.h('product', i, 6)] AS product,
  (ARRAY[20, 40])[1 + pg_temp.h('strength', i, 2)] AS strength_mg,
  1 + pg_temp.h('capsules', i, 2) AS capsules_per_day,
  pg_temp.h('home', i, 10) = 0 AND m >= 2 AS home_tester
FROM e;
ALTER TABLE bench_plan ADD PRIMARY KEY (i);
ANALYZE bench_plan;
`;

// One row per month of treatment: the dispensed months 0..m-1, and the current month m when the
// patient is in one (ready, held, lapsed, hold). item_on: the visit / test day; dispensed_on: the fill.
const MONTHS_SQL = `
CREATE TEMP TABLE bench_month AS
SELECT p.i, p.patient_id, p.prescriber_id, p.category, p.state, p.pharmacy, k, (k = p.m) AS current,
  CASE WHEN k < p.m THEN :today + (p.last - 30 * (p.m - 1 - k)) END AS dispensed_on,
  CASE WHEN k < p.m THEN :today + (p.last - 30 * (p.m - 1 - k) - p.t) ELSE :today + p.cur END AS item_on,
  md5('bench-rx-' || p.i || '-' || k)::uuid AS prescription_id,
  md5('bench-auth-' || p.i || '-' || k)::uuid AS authorization_id,
  p.product, p.strength_mg, p.capsules_per_day, p.home_tester, p.enrolled
FROM bench_plan p CROSS JOIN LATERAL generate_series(0, p.m) k
WHERE k < p.m OR p.cur IS NOT NULL;
ANALYZE bench_month;
`;

const PATIENTS_SQL = `
INSERT INTO patients (id, program_id, given_name, family_name, birth_date, prescriber_id, practice_id, user_id, created_by, created_at)
SELECT patient_id,
  -- Ten characters, unique (i * odd constant mod 2^32 is a bijection), no 0/1.
  translate(lpad(upper(to_hex(((i::bigint * 2654435761) % 4294967296))), 10, 'K'), '01', 'GH'),
  (ARRAY['Maya','Ana','Priya','Lena','Sofia','Hana','Elif','Grace','Noor','Chloe','Omar','Lucas','Ethan','Mateo','Jonas','Daniel','Theo','Ruth','Zara','Ines'])[1 + pg_temp.h('given', i, 20)],
  (ARRAY['Lindqvist','Bergström','Raman','Moreau','Castellano','Kobayashi','Demir','Mensah','Haddad','Nakamura','Siddiqui','Oliveira','Kowalski','Rossi','Becker','Oyelaran','Laurent','Adebayo','Whitfield','Ferreira'])[1 + pg_temp.h('family', i, 20)],
  birth_date, prescriber_id, practice_id, NULL, prescriber_id, (:today + enrolled) + time '10:00'
FROM bench_plan;
`;

const ENROLLMENT_SQL = `
INSERT INTO category_assignments (patient_id, category, criterion, reason, effective_on, recorded_by, recorded_at)
SELECT patient_id, category,
  CASE WHEN category = 'PCNGP' THEN (ARRAY['assignedMaleAtBirth','assignedMaleAtBirth','assignedMaleAtBirth','totalHysterectomy','postMenopausal'])[1 + pg_temp.h('crit', i, 5)]
       WHEN pg_temp.h('crit', i, 30) = 0 THEN 'tubalLigation' ELSE 'reproductivePotential' END,
  NULL, :today + enrolled, prescriber_id, (:today + enrolled) + time '10:00'
FROM bench_plan;

INSERT INTO consents (patient_id, kind, signed_on, recorded_by, recorded_at)
SELECT patient_id, kind, :today + enrolled, prescriber_id, (:today + enrolled) + time '10:05'
FROM bench_plan, LATERAL (VALUES ('general'), ('birthDefects'), ('guardian')) k (kind)
WHERE kind = 'general'
   OR (kind = 'birthDefects' AND category = 'PCGP')
   OR (kind = 'guardian' AND birth_date > (:today + enrolled - interval '18 years')::date);
`;

const TESTS_SQL = `
INSERT INTO pregnancy_tests (patient_id, kind, specimen_date, result_date, result, setting, clia, sensitivity_miu_per_ml, home_evidence, recorded_by, recorded_at)
-- Screening at enrollment (every PCGP but the newest qualifying ones).
SELECT patient_id, 'screening', :today + enrolled, :today + enrolled, 'negative', 'lab', true, 25, NULL, prescriber_id, (:today + enrolled) + time '11:00'
FROM bench_plan WHERE category = 'PCGP' AND NOT (state = 'qualifying' AND q = 0)
UNION ALL
-- Confirmation (month 1), then one monthly test a month: some in clinics, some at home after the opt-in.
SELECT patient_id, CASE WHEN k = 0 THEN 'confirmation' ELSE 'monthly' END, item_on,
  item_on + (CASE WHEN home THEN 0 ELSE pg_temp.h('lag', i * 10 + k, 2) END) * (CASE WHEN item_on < :today THEN 1 ELSE 0 END),
  CASE WHEN current AND state = 'hold' THEN 'positive' ELSE 'negative' END,
  CASE WHEN home THEN 'home' WHEN pg_temp.h('setting', i * 10 + k, 10) = 0 THEN 'clinic' ELSE 'lab' END,
  NOT home, CASE WHEN home THEN 20 ELSE 25 END,
  CASE WHEN home THEN jsonb_build_object('kind', 'photo', 'description', 'Dated photo of the test with the patient identifier',
                                         'interpretedBy', 'Dr. Bench', 'prescriberAttested', true) END,
  prescriber_id, item_on + time '11:00'
FROM (SELECT m.*, home_tester AND k >= 2 AND item_on >= :rems2026 AND item_on >= :today + enrolled + 65 AS home FROM bench_month m) m
WHERE category = 'PCGP'
UNION ALL
-- End of course: end-of-treatment test on the last dose, post-treatment test 30 days later.
SELECT patient_id, kind, :today + last + 29 + after, :today + last + 29 + after, 'negative', 'lab', true, 25, NULL, prescriber_id, (:today + last + 29 + after) + time '11:00'
FROM bench_plan, LATERAL (VALUES ('endOfTreatment', 0), ('postTreatment', 30)) k (kind, after)
WHERE state = 'completed' AND category = 'PCGP' AND last + 29 + after <= 0;
`;

const VISITS_SQL = `
INSERT INTO contraception_declarations (patient_id, declared_on, methods, abstinence, started_on, takes_enzyme_inducer, entered_by, recorded_by, recorded_at)
SELECT patient_id, declared_on,
  CASE WHEN abstinence THEN '{}'::text[]
       ELSE string_to_array((ARRAY['iudCopper,maleCondom', 'combinedOralContraceptive,maleCondom', 'implant,maleCondom',
                   'iudHormonal,maleCondom', 'vaginalRing,diaphragmWithSpermicide', 'injection,maleCondom'])[1 + pg_temp.h('methods', i, 6)], ',') END,
  abstinence, started_on, pg_temp.h('inducer', i, 33) = 0, CASE WHEN pg_temp.h('entered', i * 10 + k, 3) = 0 THEN 'patient' ELSE 'prescriber' END,
  prescriber_id, declared_on + time '11:30'
FROM (
  SELECT i, 0 AS k, patient_id, prescriber_id, :today + enrolled AS declared_on, :today + enrolled - 35 - pg_temp.h('started', i, 60) AS started_on,
         pg_temp.h('abst', i, 20) = 0 AS abstinence
  FROM bench_plan WHERE category = 'PCGP' AND NOT (state = 'qualifying' AND q < 2)
  UNION ALL
  SELECT m.i, m.k, m.patient_id, m.prescriber_id, m.item_on, :today + p.enrolled - 35 - pg_temp.h('started', m.i, 60), pg_temp.h('abst', m.i, 20) = 0
  FROM bench_month m JOIN bench_plan p USING (i) WHERE m.category = 'PCGP' AND m.k >= 1
) x;

INSERT INTO counseling_attestations (patient_id, prescriber_id, counseled_on, modality, recorded_by, recorded_at)
SELECT patient_id, prescriber_id, item_on, CASE WHEN pg_temp.h('modality', i * 10 + k, 5) = 0 THEN 'telehealth' ELSE 'inPerson' END, prescriber_id, item_on + time '12:00'
FROM bench_month WHERE NOT (current AND state = 'hold')
UNION ALL
SELECT patient_id, prescriber_id, :today + enrolled, 'inPerson', prescriber_id, (:today + enrolled) + time '12:00'
FROM bench_plan WHERE state = 'qualifying' AND ((category = 'PCGP' AND q >= 2) OR (category = 'PCNGP' AND q >= 1));

INSERT INTO comprehension_checks (patient_id, answered_on, passed, recorded_by, recorded_at)
SELECT patient_id, item_on, passed, prescriber_id, item_on + time '12:30' - (CASE WHEN passed THEN interval '0' ELSE interval '1 hour' END)
FROM bench_month, LATERAL (VALUES (true), (false)) v (passed)
WHERE category = 'PCGP' AND NOT (current AND state = 'hold') AND (passed OR pg_temp.h('failed', i * 10 + k, 20) = 0)
UNION ALL
SELECT patient_id, :today + enrolled, true, prescriber_id, (:today + enrolled) + time '12:30'
FROM bench_plan WHERE state = 'qualifying' AND category = 'PCGP' AND q = 3;
`;

const PRESCRIPTIONS_SQL = `
INSERT INTO prescriptions (id, patient_id, prescriber_id, written_on, product, strength_mg, capsules_per_day, days_supply, quantity, refills, recorded_by, recorded_at)
SELECT prescription_id, patient_id, prescriber_id, written_on, product, strength_mg, capsules_per_day, 30, 30 * capsules_per_day, 0, prescriber_id, written_on + time '13:00'
FROM (SELECT m.*, CASE WHEN current AND state = 'ready' THEN :today ELSE item_on END AS written_on FROM bench_month m) m
WHERE NOT (current AND state = 'hold');
`;

const PHARMACY_SQL = `
CREATE TEMP TABLE bench_auth AS
SELECT m.*,
  CASE WHEN category = 'PCGP' THEN item_on + 6
       WHEN requested_on >= :rems2026 THEN requested_on + 29 ELSE item_on + 29 END AS do_not_dispense_after,
  CASE WHEN requested_on >= :rems2026 THEN 'REMS-2026' ELSE 'REMS-2021' END AS rule_set,
  md5('bench-pharmacist-' || pharmacy)::uuid AS pharmacist_id
FROM (SELECT m.*, CASE WHEN current THEN item_on ELSE dispensed_on END AS requested_on FROM bench_month m) m
WHERE NOT current OR state = 'held' OR (state = 'lapsed' AND category = 'PCNGP');

INSERT INTO authorizations (id, prescription_id, patient_id, pharmacy_id, rma_number, requested_on, do_not_dispense_after, rule_set, requested_by, recorded_at)
SELECT authorization_id, prescription_id, patient_id, md5('bench-pharmacy-' || pharmacy)::uuid,
  'RMA' || lpad((i * 10 + k)::text, 9, '0') || lpad(pg_temp.h('rma', i * 10 + k, 1000)::text, 3, '0'),
  requested_on, do_not_dispense_after, rule_set, pharmacist_id, requested_on + time '15:00'
FROM bench_auth
UNION ALL
-- An authorization the pharmacy reversed and requested again the same day.
SELECT md5('bench-reversed-' || i || '-' || k)::uuid, prescription_id, patient_id, md5('bench-pharmacy-' || pharmacy)::uuid,
  'RMA' || lpad((500000000 + i * 10 + k)::text, 9, '0') || '000',
  requested_on, do_not_dispense_after, rule_set, pharmacist_id, requested_on + time '14:00'
FROM bench_auth WHERE NOT current AND pg_temp.h('reversed', i * 10 + k, 33) = 0;

INSERT INTO authorization_reversals (authorization_id, reversed_on, reason, recorded_by, recorded_at)
SELECT md5('bench-reversed-' || i || '-' || k)::uuid, requested_on, 'Wrong quantity entered; requested again', pharmacist_id, requested_on + time '14:30'
FROM bench_auth WHERE NOT current AND pg_temp.h('reversed', i * 10 + k, 33) = 0;

INSERT INTO rems_confirmations (authorization_id, rems_rma_number, do_not_dispense_after, recorded_by, recorded_at)
SELECT authorization_id, 'R' || lpad((i * 10 + k)::text, 11, '0'), do_not_dispense_after, pharmacist_id, requested_on + time '15:05'
FROM bench_auth WHERE NOT current AND pg_temp.h('rems', i * 10 + k, 2) = 0;

INSERT INTO dispenses (authorization_id, dispensed_on, product, strength_mg, quantity, days_supply, medication_guide_given, recorded_by, recorded_at)
SELECT authorization_id, dispensed_on, product, strength_mg, 30 * capsules_per_day, 30, true, pharmacist_id, dispensed_on + time '16:00'
FROM bench_auth WHERE NOT current;
`;

const COURSE_SQL = `
INSERT INTO course_ends (patient_id, last_dose_on, reason, recorded_by, recorded_at)
SELECT patient_id, :today + last + 29,
  (ARRAY['targetReached','targetReached','targetReached','targetReached','targetReached','targetReached','patientChoice','adverseEvent'])[1 + pg_temp.h('end', i, 8)],
  prescriber_id, (:today + last + 29) + time '17:00'
FROM bench_plan WHERE state = 'completed';

INSERT INTO course_restarts (patient_id, restarted_on, reason, recorded_by, recorded_at)
SELECT patient_id, :today - pg_temp.h('restart', i, 20), 'Relapse after the first course', prescriber_id, (:today - pg_temp.h('restart', i, 20)) + time '10:00'
FROM bench_plan WHERE state = 'completed' AND last + 29 < -80 AND pg_temp.h('restarted', i, 25) = 0;

INSERT INTO pregnancy_reports (patient_id, reported_on, note, recorded_by, recorded_at)
SELECT patient_id, :today + cur + 1, 'Reported by the patient', prescriber_id, (:today + cur + 1) + time '09:00'
FROM bench_plan WHERE state = 'hold' AND pg_temp.h('report', i, 2) = 0;

INSERT INTO pregnancy_clearances (patient_id, cleared_on, reason, recorded_by, recorded_at)
SELECT patient_id, :today + cur + 1, 'Quantitative serum hCG negative: false positive', prescriber_id, (:today + cur + 1) + time '10:00'
FROM bench_plan WHERE state = 'hold' AND pg_temp.h('clear', i, 5) = 0;

INSERT INTO home_testing_opt_ins (patient_id, opted_in_on, procedure, recorded_by, recorded_at)
SELECT patient_id, :today + enrolled + 60, 'Dated photo of the test with the program identifier, reviewed by the prescriber', prescriber_id, (:today + enrolled + 60) + time '10:00'
FROM bench_plan WHERE home_tester AND category = 'PCGP';
`;

// One audit row per recorded fact, as the use cases write them, plus a status read per month.
const AUDIT_SQL = `
INSERT INTO audit_events (occurred_at, actor_id, action, patient_id, entity, entity_id, outcome)
SELECT created_at, created_by, 'patient.enroll', id, 'patient', id::text, 'ok' FROM patients
UNION ALL SELECT recorded_at, recorded_by, 'consent.record', patient_id, 'consent', id::text, 'ok' FROM consents
UNION ALL SELECT recorded_at, recorded_by, 'pregnancyTest.record', patient_id, 'pregnancyTest', id::text, 'ok' FROM pregnancy_tests
UNION ALL SELECT recorded_at, recorded_by, 'contraception.record', patient_id, 'contraception', id::text, 'ok' FROM contraception_declarations
UNION ALL SELECT recorded_at, recorded_by, 'counseling.record', patient_id, 'counseling', id::text, 'ok' FROM counseling_attestations
UNION ALL SELECT recorded_at, recorded_by, 'comprehension.record', patient_id, 'comprehension', id::text, 'ok' FROM comprehension_checks
UNION ALL SELECT recorded_at, recorded_by, 'prescription.write', patient_id, 'prescription', id::text, 'ok' FROM prescriptions
UNION ALL SELECT recorded_at, requested_by, 'authorization.request', patient_id, 'authorization', id::text, 'ok' FROM authorizations
UNION ALL SELECT d.recorded_at, d.recorded_by, 'dispense.record', a.patient_id, 'dispense', d.id::text, 'ok' FROM dispenses d JOIN authorizations a ON a.id = d.authorization_id
UNION ALL SELECT recorded_at, recorded_by, 'course.end', patient_id, 'course', id::text, 'ok' FROM course_ends
UNION ALL SELECT item_on + time '09:30', prescriber_id, 'status.read', patient_id, 'status', NULL, 'ok' FROM bench_month;
`;

const TARGETS_SQL = `
CREATE TABLE bench_targets AS
SELECT m.patient_id, p.program_id, p.birth_date, m.prescription_id, m.category
FROM bench_month m JOIN patients p ON p.id = m.patient_id
WHERE m.current AND m.state = 'ready'
ORDER BY md5(m.prescription_id::text);
ALTER TABLE bench_targets ADD PRIMARY KEY (prescription_id);
DELETE FROM bench_meta;
INSERT INTO bench_meta VALUES ('version', '${SEED_VERSION}'), ('seeded_on', :today::text),
  ('last_audit_id', (SELECT coalesce(max(id), 0)::text FROM audit_events));
`;
