// Loads every fact the program engine needs about one patient, or many, in a single round trip:
// the authorization hot path runs this once per request (with the pharmacy's certification, so
// the decision needs no other read), the worklist refresh once per batch of patients.
import { createQueryId, NoResultError, sql, type QueryNode } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type {
  Authorization,
  CategoryCriterion,
  ContraceptionMethod,
  CourseEnd,
  HomeTestEvidence,
  PatientFacts,
  PregnancyTestKind,
  PregnancyTestResult,
  PregnancyTestSetting,
  Product,
} from '../domain/facts.js';
import type { IsoDate } from '../domain/dates.js';
import type { Executor } from './executor.js';
import { failureTimes, lookupFailureColumns, type LookupFailureWindow } from './lookupFailures.js';

/** Stand-ins for the three parameters while the query is compiled once (see runFactsQuery). */
const PATIENT_IDS = '\u0000patientIds';
const TODAY = '\u0000today';
const PHARMACY_ID = '\u0000pharmacyId';
const LOOKUP = {
  userId: '\u0000lookupUserId',
  programId: '\u0000lookupProgramId',
  since: '\u0000lookupSince',
  until: '\u0000lookupUntil',
  userLimit: '\u0000lookupUserLimit',
  identifierLimit: '\u0000lookupIdentifierLimit',
} as const;

function factsQuery(db: Executor, patientIds: string, today: IsoDate, pharmacyId: string, many: boolean, withLookupFailures: boolean) {
  const lookup = lookupFailureColumns(LOOKUP);
  return (
    db
      .selectFrom('patients as p')
      // One patient (`id = $1`) or a batch (`id = ANY($1)`): two statements, not one. With the array
      // form for one patient, PostgreSQL's generic plan expects several rows and never wins over a
      // custom plan, so the prepared statement was planned again on every call (2.5–6 ms of its CPU,
      // pg_stat_statements: plans = calls); `id = $1` gets its generic plan after five executions.
      .where('p.id', '=', many ? sql<string>`any(${patientIds}::uuid[])` : patientIds)
      .select((eb) => [
        'p.id',
        'p.birth_date',
        // A look-up by program identifier: the throttle's recent failures (db/lookupFailures.ts), read
        // here rather than in a statement of their own. This statement starts after the identifier's
        // lock is held (services/pharmacy/lookupThrottle.ts), so it sees every failure committed before.
        (withLookupFailures ? lookup.userMs : sql<number[] | null>`NULL`).as('lookup_user_ms'),
        (withLookupFailures ? lookup.identifierMs : sql<number[] | null>`NULL`).as('lookup_identifier_ms'),
        // The requesting pharmacy's certification (db/certifications.ts isCertified), read with the
        // facts so the authorization needs no statement of its own; false when no pharmacy is asked about.
        sql<boolean>`coalesce((
        SELECT c.status = 'certified' FROM certifications c
        WHERE c.organization_id = ${pharmacyId}::uuid AND c.effective_on <= ${today}::date
        ORDER BY c.effective_on DESC, c.recorded_at DESC LIMIT 1), false)`.as('pharmacy_certified'),
        sql<boolean>`coalesce((
        SELECT c.status = 'certified' FROM certifications c
        WHERE c.user_id = p.prescriber_id AND c.effective_on <= ${today}::date
        ORDER BY c.effective_on DESC, c.recorded_at DESC LIMIT 1), false)`.as('prescriber_certified'),
        jsonArrayFrom(
          eb
            .selectFrom('category_assignments as x')
            .whereRef('x.patient_id', '=', 'p.id')
            .select(['x.category', 'x.criterion', 'x.reason', 'x.effective_on', 'x.recorded_at']),
        ).as('category_assignments'),
        jsonArrayFrom(eb.selectFrom('consents as x').whereRef('x.patient_id', '=', 'p.id').select(['x.kind', 'x.signed_on'])).as('consents'),
        jsonArrayFrom(
          eb.selectFrom('counseling_attestations as x').whereRef('x.patient_id', '=', 'p.id').select(['x.id', 'x.counseled_on', 'x.recorded_at']),
        ).as('counselings'),
        jsonArrayFrom(
          eb
            .selectFrom('contraception_declarations as x')
            .whereRef('x.patient_id', '=', 'p.id')
            .select(['x.declared_on', 'x.methods', 'x.abstinence', 'x.started_on', 'x.takes_enzyme_inducer', 'x.entered_by', 'x.recorded_at']),
        ).as('contraception'),
        jsonArrayFrom(
          eb.selectFrom('comprehension_checks as x').whereRef('x.patient_id', '=', 'p.id').select(['x.answered_on', 'x.passed', 'x.recorded_at']),
        ).as('comprehension_checks'),
        jsonArrayFrom(
          eb
            .selectFrom('pregnancy_tests as x')
            .whereRef('x.patient_id', '=', 'p.id')
            .select([
              'x.id',
              'x.kind',
              'x.specimen_date',
              'x.result_date',
              'x.result',
              'x.setting',
              'x.clia',
              'x.sensitivity_miu_per_ml',
              'x.home_evidence',
              'x.recorded_at',
            ]),
        ).as('pregnancy_tests'),
        jsonArrayFrom(eb.selectFrom('home_testing_opt_ins as x').whereRef('x.patient_id', '=', 'p.id').select(['x.opted_in_on', 'x.procedure'])).as(
          'home_testing_opt_ins',
        ),
        jsonArrayFrom(
          eb
            .selectFrom('prescriptions as x')
            .whereRef('x.patient_id', '=', 'p.id')
            .select(['x.id', 'x.written_on', 'x.product', 'x.strength_mg', 'x.capsules_per_day', 'x.days_supply', 'x.quantity', 'x.refills', 'x.recorded_at']),
        ).as('prescriptions'),
        jsonArrayFrom(
          eb
            .selectFrom('authorizations as a')
            .leftJoin('rems_confirmations as rc', 'rc.authorization_id', 'a.id')
            .leftJoin('authorization_reversals as ar', 'ar.authorization_id', 'a.id')
            .leftJoin('dispenses as d', 'd.authorization_id', 'a.id')
            .whereRef('a.patient_id', '=', 'p.id')
            .select([
              'a.id',
              'a.prescription_id',
              'a.rma_number',
              'a.requested_on',
              'a.do_not_dispense_after',
              'a.rule_set',
              'rc.rems_rma_number',
              'rc.do_not_dispense_after as rems_do_not_dispense_after',
              'ar.reversed_on',
              'ar.reason as reversal_reason',
              'd.dispensed_on',
              'd.product',
              'd.strength_mg',
              'd.quantity',
              'd.days_supply',
              'd.recorded_at as dispense_recorded_at',
            ])
            // The attempts to reach the program's system (migrations/0022), oldest first: usually none.
            .select((inner) =>
              jsonArrayFrom(
                inner
                  .selectFrom('program_system_attempts as psa')
                  .whereRef('psa.authorization_id', '=', 'a.id')
                  .select(['psa.attempted_at', 'psa.outcome', 'psa.error_text'])
                  .orderBy('psa.attempted_at')
                  .orderBy('psa.recorded_at'),
              ).as('program_attempts'),
            ),
        ).as('authorizations'),
        jsonArrayFrom(eb.selectFrom('course_ends as x').whereRef('x.patient_id', '=', 'p.id').select(['x.last_dose_on', 'x.reason', 'x.recorded_at'])).as(
          'course_ends',
        ),
        jsonArrayFrom(eb.selectFrom('course_restarts as x').whereRef('x.patient_id', '=', 'p.id').select(['x.restarted_on', 'x.reason', 'x.recorded_at'])).as(
          'course_restarts',
        ),
        jsonArrayFrom(eb.selectFrom('pregnancy_reports as x').whereRef('x.patient_id', '=', 'p.id').select(['x.reported_on', 'x.recorded_at'])).as(
          'pregnancy_reports',
        ),
        jsonArrayFrom(
          eb.selectFrom('pregnancy_clearances as x').whereRef('x.patient_id', '=', 'p.id').select(['x.cleared_on', 'x.reason', 'x.recorded_at']),
        ).as('pregnancy_clearances'),
        jsonArrayFrom(
          eb.selectFrom('contraception_failure_reports as x').whereRef('x.patient_id', '=', 'p.id').select(['x.reported_on', 'x.kind', 'x.recorded_at']),
        ).as('contraception_failure_reports'),
      ])
  );
}

type CompiledFactsQuery = ReturnType<ReturnType<typeof factsQuery>['compile']>;
let compiledFactsQuery: CompiledFactsQuery | undefined;
let compiledManyFactsQuery: CompiledFactsQuery | undefined;
let compiledLookupFactsQuery: CompiledFactsQuery | undefined;

async function runFactsQuery(db: Executor, patientIds: readonly string[], today: IsoDate, pharmacyId: string | null, lookup?: LookupFailureWindow) {
  const many = patientIds.length !== 1;
  if (many && lookup !== undefined) {
    throw new Error('the look-up throttle is read with one patient only');
  }
  // Built and compiled once, then run with this call's parameters: building the fourteen
  // subqueries with Kysely on every request cost more CPU than anything else the request does in
  // JavaScript (bench/README.md). The SQL is the same every time; only the parameters differ.
  compiledFactsQuery ??= factsQuery(db, PATIENT_IDS, TODAY, PHARMACY_ID, false, false).compile();
  compiledManyFactsQuery ??= factsQuery(db, PATIENT_IDS, TODAY, PHARMACY_ID, true, false).compile();
  compiledLookupFactsQuery ??= factsQuery(db, PATIENT_IDS, TODAY, PHARMACY_ID, false, true).compile();
  const compiled = many ? compiledManyFactsQuery : lookup === undefined ? compiledFactsQuery : compiledLookupFactsQuery;
  // Each stand-in replaced by this call's value; every other parameter is a constant of the SQL.
  const values = new Map<unknown, unknown>([
    [PATIENT_IDS, many ? patientIds : patientIds[0]],
    [TODAY, today],
    [PHARMACY_ID, pharmacyId],
    ...(lookup === undefined
      ? []
      : ([
          [LOOKUP.userId, lookup.userId],
          [LOOKUP.programId, lookup.programId],
          [LOOKUP.since, lookup.since.toISOString()],
          [LOOKUP.until, lookup.until.toISOString()],
          [LOOKUP.userLimit, lookup.userLimit],
          [LOOKUP.identifierLimit, lookup.identifierLimit],
        ] as const)),
  ]);
  const parameters = compiled.parameters.map((parameter) => (values.has(parameter) ? values.get(parameter) : parameter));
  const query: typeof compiled = { ...compiled, parameters, queryId: createQueryId() };
  return { compiled, rows: (await db.executeQuery(query)).rows };
}

type FactsRow = Awaited<ReturnType<typeof runFactsQuery>>['rows'][number];

export async function loadPatientFacts(db: Executor, patientId: string, today: IsoDate): Promise<PatientFacts> {
  return (await loadPatientFactsForPharmacy(db, patientId, today, null)).facts;
}

/**
 * The patient's facts and whether `pharmacyId` (null: none) is certified on `today`, in one
 * statement; with `lookup`, also the look-up throttle's recent failures (db/lookupFailures.ts).
 */
export async function loadPatientFactsForPharmacy(
  db: Executor,
  patientId: string,
  today: IsoDate,
  pharmacyId: string | null,
  lookup?: LookupFailureWindow,
): Promise<{ facts: PatientFacts; pharmacyCertified: boolean; lookupFailures: { user: Date[]; identifier: Date[] } | null }> {
  const { compiled, rows } = await runFactsQuery(db, [patientId], today, pharmacyId, lookup);
  const row = rows[0];
  if (row === undefined) {
    throw new NoResultError(compiled.query as QueryNode);
  }
  return {
    facts: toPatientFacts(row),
    pharmacyCertified: row.pharmacy_certified,
    lookupFailures: lookup === undefined ? null : { user: failureTimes(row.lookup_user_ms), identifier: failureTimes(row.lookup_identifier_ms) },
  };
}

/** The facts of each of these patients that exists, by patient id, in one statement (the worklist refresh). */
export async function loadPatientFactsMany(db: Executor, patientIds: readonly string[], today: IsoDate): Promise<Map<string, PatientFacts>> {
  const byPatient = new Map<string, PatientFacts>();
  if (patientIds.length === 0) {
    return byPatient;
  }
  const { rows } = await runFactsQuery(db, [...new Set(patientIds)], today, null);
  for (const row of rows) {
    byPatient.set(row.id, toPatientFacts(row));
  }
  return byPatient;
}

function toPatientFacts(row: FactsRow): PatientFacts {
  return {
    birthDate: row.birth_date,
    prescriberCertified: row.prescriber_certified,
    categoryAssignments: row.category_assignments.map((x) => ({
      category: x.category,
      criterion: x.criterion as CategoryCriterion,
      reason: x.reason,
      effectiveOn: x.effective_on,
      recordedAt: x.recorded_at,
    })),
    consents: row.consents.map((x) => ({ kind: x.kind, signedOn: x.signed_on })),
    counselings: row.counselings.map((x) => ({ id: x.id, counseledOn: x.counseled_on, recordedAt: x.recorded_at })),
    contraception: row.contraception.map((x) => ({
      declaredOn: x.declared_on,
      methods: x.methods as ContraceptionMethod[],
      abstinence: x.abstinence,
      startedOn: x.started_on,
      takesEnzymeInducer: x.takes_enzyme_inducer,
      enteredBy: x.entered_by,
      recordedAt: x.recorded_at,
    })),
    comprehensionChecks: row.comprehension_checks.map((x) => ({
      answeredOn: x.answered_on,
      passed: x.passed,
      recordedAt: x.recorded_at,
    })),
    pregnancyTests: row.pregnancy_tests.map((x) => ({
      id: x.id,
      kind: x.kind as PregnancyTestKind,
      specimenDate: x.specimen_date,
      resultDate: x.result_date,
      result: x.result as PregnancyTestResult,
      setting: x.setting as PregnancyTestSetting,
      clia: x.clia,
      sensitivityMiuPerMl: x.sensitivity_miu_per_ml,
      homeEvidence: (x.home_evidence ?? null) as HomeTestEvidence | null,
      recordedAt: x.recorded_at,
    })),
    homeTestingOptIns: row.home_testing_opt_ins.map((x) => ({ optedInOn: x.opted_in_on, procedure: x.procedure })),
    prescriptions: row.prescriptions.map((x) => ({
      id: x.id,
      writtenOn: x.written_on,
      product: x.product as Product,
      strengthMg: x.strength_mg,
      capsulesPerDay: x.capsules_per_day,
      daysSupply: x.days_supply,
      quantity: x.quantity,
      refills: x.refills,
      recordedAt: x.recorded_at,
    })),
    authorizations: row.authorizations.map((x): Authorization => ({
      id: x.id,
      prescriptionId: x.prescription_id,
      rmaNumber: x.rma_number,
      requestedOn: x.requested_on,
      doNotDispenseAfter: x.do_not_dispense_after,
      ruleSet: x.rule_set,
      remsRmaNumber: x.rems_rma_number,
      remsDoNotDispenseAfter: x.rems_do_not_dispense_after,
      reversal: x.reversed_on === null ? null : { reversedOn: x.reversed_on, reason: x.reversal_reason ?? '' },
      // Absent when there is none, as on an authorization just written (facts.ts).
      ...(x.program_attempts.length === 0
        ? {}
        : {
            programAttempts: x.program_attempts.map((attempt) => ({
              attemptedAt: new Date(attempt.attempted_at).toISOString(),
              outcome: attempt.outcome,
              errorText: attempt.error_text,
            })),
          }),
      dispense:
        x.dispensed_on === null
          ? null
          : {
              dispensedOn: x.dispensed_on,
              product: x.product as Product,
              strengthMg: Number(x.strength_mg),
              quantity: Number(x.quantity),
              daysSupply: Number(x.days_supply),
              recordedAt: String(x.dispense_recorded_at),
            },
    })),
    courseEnds: row.course_ends.map((x) => ({
      lastDoseOn: x.last_dose_on,
      reason: x.reason as CourseEnd['reason'],
      recordedAt: x.recorded_at,
    })),
    courseRestarts: row.course_restarts.map((x) => ({ restartedOn: x.restarted_on, reason: x.reason, recordedAt: x.recorded_at })),
    pregnancyReports: row.pregnancy_reports.map((x) => ({ reportedOn: x.reported_on, recordedAt: x.recorded_at })),
    pregnancyClearances: row.pregnancy_clearances.map((x) => ({
      clearedOn: x.cleared_on,
      reason: x.reason,
      recordedAt: x.recorded_at,
    })),
    contraceptionFailureReports: row.contraception_failure_reports.map((x) => ({
      reportedOn: x.reported_on,
      kind: x.kind,
      recordedAt: x.recorded_at,
    })),
  };
}
