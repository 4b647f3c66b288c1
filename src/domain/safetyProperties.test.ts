// Safety properties of the fill decision over arbitrary histories: whatever facts were recorded,
// in whatever order, on whatever dates (before and after REMS-2026 takes effect), authorizeFill
// never authorizes a fill the program forbids. Each property restates one rule of domain.md
// directly on the facts (it does not call fillReadiness or the test qualification), so a mistake
// in the engine shows up as a counterexample, not as the same mistake twice.
//
// The histories are journeys that usually qualify (month by month: tests, visits, contraception,
// prescriptions, fills) with every item sometimes missing, late, early, failed or malformed, plus
// noise: any fact of any kind on any date (positive tests, pregnancy reports and clearances, course
// ends and restarts, category changes, stray authorizations, dispenses and reversals). The last
// test checks that the journeys do reach authorizations often enough for the properties to bite.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { authorizeFill, type FillDecision, type FillRequest } from './authorizeFill.js';
import { decideDispense } from './dispense.js';
import { addDays, ageInYears, daysBetween, isIsoDate, type IsoDate } from './dates.js';
import type { Reason } from './decision.js';
import {
  CONTRACEPTION_METHODS,
  PRIMARY_METHODS,
  SECONDARY_METHODS,
  type CategoryAssignment,
  type ConsentKind,
  type ContraceptionDeclaration,
  type ContraceptionMethod,
  type PatientFacts,
  type PregnancyTest,
  type PregnancyTestKind,
  type PregnancyTestResult,
  type PregnancyTestSetting,
  type Product,
  type RiskCategory,
} from './facts.js';
import { PRODUCT_STRENGTHS_MG, PRODUCTS } from './prescription.js';
import type { ProgramConfig } from './ruleSets.js';
import { configWith, givenPatient, type PatientBuilder } from '../../test/support/patientFacts.js';

const RUNS = 2000;

// ---------------------------------------------------------------------------------------------
// Histories

const PRESCRIPTION_IDS = ['rx-1', 'rx-2', 'rx-3', 'rx-4'] as const;
const WINDOW_OPENING_KINDS: readonly PregnancyTestKind[] = ['confirmation', 'monthly', 'unscheduled'];
const TEST_KINDS: readonly PregnancyTestKind[] = ['screening', ...WINDOW_OPENING_KINDS, 'endOfTreatment', 'postTreatment'];

type HistoryEvent =
  | {
      type: 'test';
      kind: PregnancyTestKind;
      on: IsoDate;
      result: PregnancyTestResult;
      setting: PregnancyTestSetting;
      clia: boolean;
      sensitivity: number | null;
      evidence: 'attested' | 'unattested' | 'none';
    }
  | { type: 'contraception'; on: IsoDate; startedOn: IsoDate; methods: ContraceptionMethod[]; abstinence: boolean }
  | { type: 'counseling'; on: IsoDate }
  | { type: 'comprehension'; on: IsoDate; passed: boolean }
  | { type: 'optIn'; on: IsoDate }
  | { type: 'prescription'; id: string; on: IsoDate; daysSupply: number; refills: number; product: Product; strengthMg: number }
  | {
      type: 'authorization';
      prescriptionId: string;
      on: IsoDate;
      doNotDispenseAfter: IsoDate;
      remsDoNotDispenseAfter: IsoDate | null;
      dispensedOn: IsoDate | null;
      reversedOn: IsoDate | null;
    }
  | { type: 'consent'; kind: ConsentKind; on: IsoDate }
  | { type: 'courseEnd'; on: IsoDate }
  | { type: 'restart'; on: IsoDate }
  | { type: 'pregnancyReport'; on: IsoDate }
  | { type: 'clearance'; on: IsoDate }
  | { type: 'contraceptionFailure'; on: IsoDate }
  | { type: 'categoryChange'; category: RiskCategory; on: IsoDate };

interface History {
  category: RiskCategory;
  enrolledOn: IsoDate;
  birthDate: IsoDate;
  prescriberCertified: boolean;
  consentsSigned: boolean;
  events: HistoryEvent[];
  request: FillRequest;
  config: ProgramConfig;
}

/** `good` most of the time, `other` now and then (one time in `weight + 1`). */
function usually<T>(good: fc.Arbitrary<T>, other: fc.Arbitrary<T>, weight = 20): fc.Arbitrary<T> {
  return fc.oneof({ weight, arbitrary: good }, { weight: 1, arbitrary: other });
}

/** `arbitrary`, left out (null) one time in `oneIn`. */
function mostly<T>(arbitrary: fc.Arbitrary<T>, oneIn = 25): fc.Arbitrary<T | null> {
  return fc.option(arbitrary, { freq: oneIn, nil: null });
}

/** `arbitrary` one time in `oneIn`, otherwise null. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

function dayIn(anchor: IsoDate, min: number, max: number): fc.Arbitrary<IsoDate> {
  return fc.integer({ min, max }).map((offset) => addDays(anchor, offset));
}

/** A date near `anchor`, sometimes anywhere in the history. */
function around(anchor: IsoDate, min: number, max: number): fc.Arbitrary<IsoDate> {
  return usually(dayIn(anchor, min, max), dayIn(anchor, -90, 150));
}

/** Settings of a test: `homeWeight` in 10 are home tests, the others in a laboratory or a clinic. */
const settings = (homeWeight: number): fc.Arbitrary<PregnancyTestSetting> =>
  fc.oneof(
    { weight: 7 - Math.min(homeWeight, 5), arbitrary: fc.constant<PregnancyTestSetting>('lab') },
    { weight: 3, arbitrary: fc.constant<PregnancyTestSetting>('clinic') },
    { weight: homeWeight, arbitrary: fc.constant<PregnancyTestSetting>('home') },
  );

const testEvent = (
  on: fc.Arbitrary<IsoDate>,
  kind: fc.Arbitrary<PregnancyTestKind>,
  setting: fc.Arbitrary<PregnancyTestSetting> = settings(3),
): fc.Arbitrary<HistoryEvent> =>
  fc.record({
    type: fc.constant('test' as const),
    kind,
    on,
    result: usually(fc.constant<PregnancyTestResult>('negative'), fc.constantFrom<PregnancyTestResult>('positive', 'invalid'), 12),
    setting,
    clia: usually(fc.constant(true), fc.constant(false), 6),
    sensitivity: usually(fc.constantFrom(25, 20, null), fc.constantFrom(26, 50, 0.5)),
    evidence: usually(fc.constant('attested' as const), fc.constantFrom('unattested' as const, 'none' as const), 4),
  });

const GOOD_METHODS: ContraceptionMethod[] = ['combinedOralContraceptive', 'maleCondom'];

const contraceptionEvent = (on: fc.Arbitrary<IsoDate>, startedOn: fc.Arbitrary<IsoDate>): fc.Arbitrary<HistoryEvent> =>
  fc.record({
    type: fc.constant('contraception' as const),
    on,
    startedOn,
    methods: usually(fc.constant(GOOD_METHODS), fc.subarray([...CONTRACEPTION_METHODS], { maxLength: 3 })),
    abstinence: usually(fc.constant(false), fc.constant(true), 6),
  });

const prescriptionEvent = (id: fc.Arbitrary<string>, on: fc.Arbitrary<IsoDate>): fc.Arbitrary<HistoryEvent> =>
  fc.record({
    type: fc.constant('prescription' as const),
    id,
    on,
    daysSupply: usually(fc.constant(30), fc.integer({ min: 1, max: 45 })),
    refills: usually(fc.constant(0), fc.constant(1)),
    product: usually(fc.constant<Product>('isotretinoinGeneric'), fc.constantFrom(...PRODUCTS)),
    strengthMg: usually(fc.constant(40), fc.constantFrom(8, 10, 20, 32, 40, 50)),
  });

const authorizationEvent = (
  prescriptionId: fc.Arbitrary<string>,
  on: IsoDate,
  lastDayOffset: fc.Arbitrary<number>,
  dispensed: fc.Arbitrary<boolean>,
): fc.Arbitrary<HistoryEvent> =>
  fc.record({
    type: fc.constant('authorization' as const),
    prescriptionId,
    on: fc.constant(on),
    doNotDispenseAfter: lastDayOffset.map((offset) => addDays(on, offset)),
    remsDoNotDispenseAfter: sometimes(dayIn(on, -1, 6), 6),
    dispensedOn: dispensed.chain((yes) => (yes ? usually(fc.constant(on), dayIn(on, -2, 10)) : fc.constant(null))),
    reversedOn: sometimes(dayIn(on, 0, 10), 8),
  });

/** Any fact, on any date `on` gives. */
function anyEvent(on: fc.Arbitrary<IsoDate>, prescriptionIds: fc.Arbitrary<string>): fc.Arbitrary<HistoryEvent> {
  return fc.oneof(
    { weight: 4, arbitrary: testEvent(on, fc.constantFrom(...TEST_KINDS)) },
    { weight: 1, arbitrary: contraceptionEvent(on, on) },
    { weight: 1, arbitrary: on.map((date) => ({ type: 'counseling' as const, on: date })) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('comprehension' as const), on, passed: fc.boolean() }) },
    { weight: 1, arbitrary: on.map((date) => ({ type: 'optIn' as const, on: date })) },
    { weight: 1, arbitrary: prescriptionEvent(prescriptionIds, on) },
    {
      weight: 2,
      arbitrary: on.chain((date) => authorizationEvent(prescriptionIds, date, fc.integer({ min: -1, max: 30 }), fc.boolean())),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('consent' as const), kind: fc.constantFrom<ConsentKind>('general', 'birthDefects', 'guardian'), on }),
    },
    { weight: 1, arbitrary: on.map((date) => ({ type: 'courseEnd' as const, on: date })) },
    { weight: 1, arbitrary: on.map((date) => ({ type: 'restart' as const, on: date })) },
    { weight: 2, arbitrary: on.map((date) => ({ type: 'pregnancyReport' as const, on: date })) },
    { weight: 2, arbitrary: on.map((date) => ({ type: 'clearance' as const, on: date })) },
    { weight: 1, arbitrary: on.map((date) => ({ type: 'contraceptionFailure' as const, on: date })) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('categoryChange' as const), category: fc.constantFrom<RiskCategory>('PCGP', 'PCNGP'), on }) },
  );
}

/**
 * One month of a journey whose window-opening test is collected on `anchor`: the test, the visit's
 * counseling, comprehension answers, contraception and prescription, and (when it is not the month
 * of the request) the fill.
 */
function monthEvents(category: RiskCategory, month: number, anchor: IsoDate, firstAnchor: IsoDate, filled: boolean): fc.Arbitrary<HistoryEvent[]> {
  const prescriptionId = `rx-${month + 1}`;
  const kind: fc.Arbitrary<PregnancyTestKind> = usually(fc.constant(month === 0 ? 'confirmation' : 'monthly'), fc.constantFrom(...TEST_KINDS));
  // Home tests only after a first dose (R-PT-8) mostly, so that they are also authorized sometimes.
  const test = testEvent(around(anchor, -2, 0), kind, settings(month === 0 ? 0 : 3));
  const withTest = category === 'PCGP' ? mostly(test) : sometimes(test, 2);
  const counseling = around(anchor, -4, 0).map((on): HistoryEvent => ({ type: 'counseling', on }));
  const items = fc.tuple(
    withTest,
    // A patient who cannot get pregnant is counseled at enrollment only under REMS-2026 (R-CNS-2): later visits are optional.
    category === 'PCNGP' && month > 0 ? sometimes(counseling, 2) : mostly(counseling),
    mostly(fc.record({ type: fc.constant('comprehension' as const), on: around(anchor, -4, 0), passed: usually(fc.constant(true), fc.constant(false)) })),
    mostly(contraceptionEvent(around(anchor, -4, 0), around(firstAnchor, -120, -30))),
    mostly(prescriptionEvent(usually(fc.constant(prescriptionId), fc.constantFrom(...PRESCRIPTION_IDS)), around(anchor, 0, 2))),
    filled
      ? mostly(
          dayIn(anchor, 2, 6)
            .chain((on) =>
              authorizationEvent(
                fc.constant(prescriptionId),
                on,
                fc.constant(category === 'PCGP' ? daysBetween(on, addDays(anchor, 6)) : 29),
                usually(fc.constant(true), fc.constant(false)),
              ),
            )
            // Now and then next month's prescription is written on the day of this fill (R-RX-2, R-WIN-1a).
            .chain((fill): fc.Arbitrary<Array<HistoryEvent | null>> =>
              fill.type === 'authorization' && fill.dispensedOn !== null
                ? sometimes(prescriptionEvent(fc.constant(`rx-${month + 2}`), fc.constant(fill.dispensedOn)), 3).map((early) => [fill, early])
                : fc.constant([fill]),
            ),
        )
      : fc.constant(null),
  );
  return items.map((events) => events.flat().filter((event): event is HistoryEvent => event !== null));
}

const effectiveDates = usually(fc.constant('2026-08-08'), fc.constant('2026-11-15'), 3);

const history: fc.Arbitrary<History> = fc
  .record({
    category: usually(fc.constant<RiskCategory>('PCGP'), fc.constant<RiskCategory>('PCNGP'), 4),
    // 2025-01-01 .. 2027-09, and often near the REMS-2026 switch (2026-08-08 is day 584).
    start: usually(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 520, max: 700 }), 2).map((offset) => addDays('2025-01-01', offset)),
    months: usually(fc.constant(1), fc.integer({ min: 2, max: 3 }), 1),
    gaps: fc.array(fc.integer({ min: 21, max: 40 }), { minLength: 2, maxLength: 2 }),
  })
  .chain(({ category, start, months, gaps }) => {
    const anchors = [start];
    for (let month = 1; month < months; month += 1) {
      anchors.push(addDays(anchors[month - 1] as IsoDate, gaps[month - 1] as number));
    }
    const lastAnchor = anchors.at(-1) as IsoDate;
    return fc.record({
      category: fc.constant(category),
      enrolledOn: around(start, -60, -19),
      birthDate: usually(dayIn(start, -40 * 365, -19 * 365), dayIn(start, -18 * 365, -11 * 365), 6),
      prescriberCertified: usually(fc.constant(true), fc.constant(false)),
      consentsSigned: usually(fc.constant(true), fc.constant(false)),
      screening: mostly(
        testEvent(around(start, -40, -19), usually(fc.constant<PregnancyTestKind>('screening'), fc.constantFrom(...TEST_KINDS)), settings(1)),
        category === 'PCGP' ? 25 : 2,
      ),
      optIn: sometimes(
        around(start, -10, 25).map((on) => ({ type: 'optIn' as const, on })),
        2,
      ),
      // A first window opened earlier and missed (R-MISS-2).
      missedWindow: sometimes(testEvent(dayIn(start, -25, -7), fc.constant<PregnancyTestKind>('confirmation'), settings(0)), 4),
      // An authorization another pharmacy holds (R-RX-3).
      held: sometimes(
        dayIn(lastAnchor, -10, 4).chain((on) =>
          authorizationEvent(fc.constantFrom(...PRESCRIPTION_IDS), on, fc.integer({ min: 0, max: 29 }), fc.constant(false)),
        ),
        12,
      ),
      // The course ended and restarted, or the category went to "cannot" and back, between the
      // screening and the window test: the whole qualification starts again (R-CAT-2, R-MON-2).
      requalified: sometimes(
        fc.tuple(dayIn(start, -18, -5), fc.boolean()).map(([on, restart]): HistoryEvent[] =>
          restart
            ? [
                { type: 'courseEnd', on: addDays(on, -3) },
                { type: 'restart', on },
              ]
            : [
                { type: 'categoryChange', category: 'PCNGP', on: addDays(on, -3) },
                { type: 'categoryChange', category: 'PCGP', on },
              ],
        ),
        8,
      ),
      // A pregnancy reported or a positive test, and a clearance before or after it (R-PREG-1, R-PREG-3).
      scare: sometimes(
        fc
          .tuple(dayIn(lastAnchor, -40, 4), fc.integer({ min: -3, max: 10 }), fc.boolean())
          .map(([on, clearedAfter, reported]): HistoryEvent[] => [
            reported
              ? { type: 'pregnancyReport', on }
              : { type: 'test', kind: 'unscheduled', on, result: 'positive', setting: 'lab', clia: true, sensitivity: 25, evidence: 'none' },
            { type: 'clearance', on: addDays(on, clearedAfter) },
          ]),
        5,
      ),
      // An authorization of this month reversed after the REMS system returned its own, earlier, date (D-4, R-AUTH-3).
      reversed: sometimes(
        fc
          .record({
            on: dayIn(lastAnchor, 0, 4),
            prescriptionId: usually(fc.constant(`rx-${months}`), fc.constantFrom(...PRESCRIPTION_IDS), 2),
            rems: fc.integer({ min: 0, max: 3 }),
          })
          .map(({ on, prescriptionId, rems }): HistoryEvent => ({
            type: 'authorization',
            prescriptionId,
            on,
            doNotDispenseAfter: addDays(lastAnchor, 6),
            remsDoNotDispenseAfter: addDays(on, rems),
            dispensedOn: null,
            reversedOn: on,
          })),
        4,
      ),
      months: fc.tuple(...anchors.map((anchor, month) => monthEvents(category, month, anchor, start, month < months - 1))),
      noise: usually(
        fc.constant<HistoryEvent[]>([]),
        fc.array(anyEvent(dayIn(start, -90, 150), fc.constantFrom(...PRESCRIPTION_IDS)), { minLength: 1, maxLength: 4 }),
        2,
      ),
      shuffle: sometimes(fc.integer(), 2),
      request: fc.record({
        prescriptionId: usually(fc.constant(`rx-${months}`), fc.constantFrom(...PRESCRIPTION_IDS, 'rx-unknown')),
        requestedOn: usually(dayIn(lastAnchor, 2, 6), dayIn(lastAnchor, -10, 40), 6),
        pharmacyCertified: usually(fc.constant(true), fc.constant(false)),
      }),
      config: fc.record({ rems2026EffectiveDate: effectiveDates, enforcementDiscretion: fc.boolean() }).map((settings) => configWith(settings)),
    });
  })
  .map((generated) => {
    const events: HistoryEvent[] = [
      ...(generated.screening === null ? [] : [generated.screening]),
      ...(generated.optIn === null ? [] : [generated.optIn]),
      ...(generated.missedWindow === null ? [] : [generated.missedWindow]),
      ...(generated.held === null ? [] : [generated.held]),
      ...(generated.reversed === null ? [] : [generated.reversed]),
      ...(generated.requalified ?? []),
      ...(generated.scare ?? []),
      ...generated.months.flat(),
      ...generated.noise,
    ];
    return {
      category: generated.category,
      enrolledOn: generated.enrolledOn,
      birthDate: generated.birthDate,
      prescriberCertified: generated.prescriberCertified,
      consentsSigned: generated.consentsSigned,
      events: generated.shuffle === null ? events : shuffled(events, generated.shuffle),
      request: generated.request,
      config: generated.config,
    };
  });

/** A deterministic permutation (the order facts are recorded in, or read back from the database). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed | 0;
  for (let index = result.length - 1; index > 0; index -= 1) {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    const other = Math.abs(state) % (index + 1);
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

function apply(builder: PatientBuilder, event: HistoryEvent, authorizationId: () => string): void {
  switch (event.type) {
    case 'test': {
      const options = { result: event.result, sensitivityMiuPerMl: event.sensitivity };
      if (event.setting === 'home') {
        builder.homeTest(event.on, { ...options, kind: event.kind, evidence: event.evidence !== 'none', attested: event.evidence === 'attested' });
      } else {
        builder.pregnancyTest(event.kind, event.on, { ...options, setting: event.setting, clia: event.clia });
      }
      return;
    }
    case 'contraception':
      builder.contraception({ declaredOn: event.on, startedOn: event.startedOn, methods: event.methods, abstinence: event.abstinence });
      return;
    case 'counseling':
      builder.counseled(event.on);
      return;
    case 'comprehension':
      builder.comprehension(event.on, event.passed);
      return;
    case 'optIn':
      builder.homeTestingOptIn(event.on);
      return;
    case 'prescription':
      builder.prescription({
        id: event.id,
        writtenOn: event.on,
        daysSupply: event.daysSupply,
        refills: event.refills,
        product: event.product,
        strengthMg: event.strengthMg,
      });
      return;
    case 'authorization': {
      const id = authorizationId();
      builder.authorization({
        id,
        prescriptionId: event.prescriptionId,
        requestedOn: event.on,
        doNotDispenseAfter: event.doNotDispenseAfter,
        remsDoNotDispenseAfter: event.remsDoNotDispenseAfter,
      });
      if (event.dispensedOn !== null) {
        builder.dispensed(id, event.dispensedOn);
      } else if (event.reversedOn !== null) {
        builder.reversed(id, event.reversedOn);
      }
      return;
    }
    case 'consent':
      builder.consent(event.kind, event.on);
      return;
    case 'courseEnd':
      builder.courseEnded(event.on);
      return;
    case 'restart':
      builder.courseRestarted(event.on);
      return;
    case 'pregnancyReport':
      builder.pregnancyReported(event.on);
      return;
    case 'clearance':
      builder.pregnancyCleared(event.on);
      return;
    case 'contraceptionFailure':
      builder.contraceptionFailureReported(event.on);
      return;
    case 'categoryChange':
      builder.categoryChange({ category: event.category, effectiveOn: event.on });
      return;
  }
}

function factsOf(generated: History, extra: readonly HistoryEvent[] = []): PatientFacts {
  const builder = givenPatient({
    category: generated.category,
    enrolledOn: generated.enrolledOn,
    birthDate: generated.birthDate,
    prescriberCertified: generated.prescriberCertified,
    consentsSigned: generated.consentsSigned,
  });
  let authorizations = 0;
  for (const event of [...generated.events, ...extra]) {
    apply(builder, event, () => `auth-${(authorizations += 1)}`);
  }
  return builder.facts();
}

function decide(generated: History, facts: PatientFacts = factsOf(generated)): FillDecision {
  return authorizeFill(facts, generated.request, generated.config);
}

/** Runs `check` on every generated history with the facts and the decision. */
function forEveryHistory(check: (facts: PatientFacts, decision: FillDecision, generated: History) => void, numRuns = RUNS): void {
  fc.assert(
    fc.property(history, (generated) => {
      const facts = factsOf(generated);
      check(facts, decide(generated, facts), generated);
    }),
    { numRuns },
  );
}

// ---------------------------------------------------------------------------------------------
// The rules, restated on the facts

const onOrBefore = (a: IsoDate, b: IsoDate): boolean => a <= b;

/** R-CAT-1, R-CAT-2: the latest category assignment in effect on the date. */
function categoryOnDate(facts: PatientFacts, asOf: IsoDate): CategoryAssignment | null {
  const effective = facts.categoryAssignments
    .filter((assignment) => onOrBefore(assignment.effectiveOn, asOf))
    .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.recordedAt.localeCompare(b.recordedAt));
  return effective.at(-1) ?? null;
}

function enrollmentDate(facts: PatientFacts): IsoDate | null {
  return (
    facts.categoryAssignments
      .map((assignment) => assignment.effectiveOn)
      .sort()
      .at(0) ?? null
  );
}

/** The latest dispense on or before the date, whichever course or episode it belonged to. */
function lastDispenseOn(facts: PatientFacts, asOf: IsoDate): IsoDate | null {
  return (
    facts.authorizations
      .flatMap((authorization) => (authorization.dispense === null ? [] : [authorization.dispense.dispensedOn]))
      .filter((date) => onOrBefore(date, asOf))
      .sort()
      .at(-1) ?? null
  );
}

/** Dated after the last dispense (this month) and on or before the request (R-WIN-1a). */
function inThisMonth(date: IsoDate, facts: PatientFacts, asOf: IsoDate): boolean {
  const lastDispense = lastDispenseOn(facts, asOf);
  const enrolled = enrollmentDate(facts);
  return onOrBefore(date, asOf) && (lastDispense === null ? enrolled !== null && onOrBefore(enrolled, date) : date > lastDispense);
}

/** R-CON-1..R-CON-4: two accepted methods at least one of them primary, or abstinence. */
function twoMethodsOrAbstinence(declaration: ContraceptionDeclaration): boolean {
  if (declaration.abstinence) {
    return true;
  }
  const primary: readonly ContraceptionMethod[] = PRIMARY_METHODS;
  const secondary: readonly ContraceptionMethod[] = SECONDARY_METHODS;
  const accepted = new Set(declaration.methods.filter((method) => primary.includes(method) || secondary.includes(method)));
  return declaration.methods.some((method) => primary.includes(method)) && accepted.size >= 2;
}

/** §0.3: the rule set of an event is the one in force on its date. */
const underRems2026 = (date: IsoDate, config: ProgramConfig): boolean => date >= config.rems2026EffectiveDate;

/**
 * R-PREG-1, R-PREG-3: a positive test or a reported pregnancy on or before the date that no
 * clearance (on or after it, on or before the date) resolved.
 */
function unresolvedPregnancy(facts: PatientFacts, asOf: IsoDate): IsoDate | null {
  const events = [
    ...facts.pregnancyTests.filter((test) => test.result === 'positive').map((test) => test.specimenDate),
    ...facts.pregnancyReports.map((report) => report.reportedOn),
  ].filter((since) => onOrBefore(since, asOf));
  return events.find((since) => !facts.pregnancyClearances.some((clearance) => clearance.clearedOn >= since && onOrBefore(clearance.clearedOn, asOf))) ?? null;
}

/**
 * R-CON-7: a contraception failure reported on or before the date with no negative test collected
 * strictly after its day (a home test only with attested evidence, R-PT-7) on or before the date.
 */
function unresolvedContraceptionFailureOn(facts: PatientFacts, asOf: IsoDate): IsoDate | null {
  return (
    facts.contraceptionFailureReports
      .map((report) => report.reportedOn)
      .filter((reportedOn) => onOrBefore(reportedOn, asOf))
      .find(
        (reportedOn) =>
          !facts.pregnancyTests.some(
            (test) =>
              test.result === 'negative' &&
              test.specimenDate > reportedOn &&
              onOrBefore(test.specimenDate, asOf) &&
              (test.setting !== 'home' || test.homeEvidence?.prescriberAttested === true),
          ),
      ) ?? null
  );
}

/**
 * A negative test that can open this request's window (R-WIN-1, R-PT-1..R-PT-3, R-PT-7, R-PT-8):
 * a confirmation, monthly or unscheduled test collected in the 7 days up to the request (Day 1 =
 * specimen date), sensitive to 25 mIU/mL, in a medical setting (CLIA under REMS-2021 unless FDA
 * enforcement discretion applies) or — after a first dose only — at home, under REMS-2026 with the
 * prescriber's prior opt-in and attested evidence, under REMS-2021 only by enforcement discretion.
 */
function opensTheWindow(test: PregnancyTest, facts: PatientFacts, asOf: IsoDate, config: ProgramConfig): boolean {
  if (test.result !== 'negative' || !WINDOW_OPENING_KINDS.includes(test.kind)) {
    return false;
  }
  if (!onOrBefore(test.specimenDate, asOf) || daysBetween(test.specimenDate, asOf) > 6) {
    return false;
  }
  if (test.sensitivityMiuPerMl !== null && test.sensitivityMiuPerMl > 25) {
    return false;
  }
  const rems2026 = underRems2026(test.specimenDate, config);
  if (test.setting !== 'home') {
    return rems2026 || test.clia || config.enforcementDiscretion;
  }
  if (lastDispenseOn(facts, asOf) === null) {
    return false;
  }
  if (!rems2026) {
    return config.enforcementDiscretion;
  }
  return (
    facts.homeTestingOptIns.some((optIn) => onOrBefore(optIn.optedInOn, test.specimenDate)) &&
    test.homeEvidence !== null &&
    test.homeEvidence.prescriberAttested
  );
}

function authorized(decision: FillDecision): decision is Extract<FillDecision, { kind: 'authorized' }> {
  return decision.kind === 'authorized';
}

const describeFacts = (facts: PatientFacts, generated: History): string =>
  `request ${JSON.stringify(generated.request)} config ${JSON.stringify(generated.config)}\nfacts ${JSON.stringify(facts)}`;

// ---------------------------------------------------------------------------------------------

describe('safety properties of the fill decision over arbitrary histories', () => {
  test('R-WIN-1, R-PT-3, R-PT-7: a patient who can get pregnant is authorized only inside the 7-day window of a negative test that may open it', () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn } = generated.request;
      if (!authorized(decision) || categoryOnDate(facts, requestedOn)?.category !== 'PCGP') {
        return;
      }
      const openers = facts.pregnancyTests.filter((test) => opensTheWindow(test, facts, requestedOn, generated.config));
      assert.ok(openers.length > 0, `no qualifying negative test in the window\n${describeFacts(facts, generated)}`);
      // The date the pharmacy gets ends inside the window of one of them (D-4, R-AUTH-1).
      assert.ok(
        openers.some((test) => onOrBefore(requestedOn, decision.doNotDispenseAfter) && daysBetween(test.specimenDate, decision.doNotDispenseAfter) <= 6),
        `doNotDispenseAfter ${decision.doNotDispenseAfter} outside every window\n${describeFacts(facts, generated)}`,
      );
    });
  });

  test('R-PREG-1, R-PREG-3: nobody is authorized while a positive test or a reported pregnancy is not cleared by the prescriber', () => {
    forEveryHistory((facts, decision, generated) => {
      if (authorized(decision)) {
        const since = unresolvedPregnancy(facts, generated.request.requestedOn);
        assert.equal(since, null, `pregnancy since ${since} unresolved\n${describeFacts(facts, generated)}`);
      }
    });
  });

  test('R-CON-7: nobody is authorized while a reported contraception failure has no negative test collected after it', () => {
    forEveryHistory((facts, decision, generated) => {
      if (authorized(decision)) {
        const since = unresolvedContraceptionFailureOn(facts, generated.request.requestedOn);
        assert.equal(since, null, `contraception failure of ${since} unresolved\n${describeFacts(facts, generated)}`);
      }
      // Nor is anything dispensed: whatever authorization exists, its dispense on the request day is refused.
      const on = generated.request.requestedOn;
      if (unresolvedContraceptionFailureOn(facts, on) !== null) {
        for (const authorization of facts.authorizations) {
          const dispense = decideDispense(
            facts,
            authorization,
            { dispensedOn: on, product: 'isotretinoinGeneric', strengthMg: 40, quantity: 30, daysSupply: 30, medicationGuideGiven: true },
            generated.config,
          );
          assert.equal(dispense.allowed, false, `dispensed despite a contraception failure\n${describeFacts(facts, generated)}`);
        }
      }
    });
  });

  test('R-PT-2, R-PT-8, R-CON-5, R-ENR-3: before any dose, a patient who can get pregnant needs a medical-setting screening 19 days before the window test and 30 days of contraception before it', () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn } = generated.request;
      if (!authorized(decision) || categoryOnDate(facts, requestedOn)?.category !== 'PCGP' || lastDispenseOn(facts, requestedOn) !== null) {
        return;
      }
      const screenings = facts.pregnancyTests.filter(
        (test) => test.kind === 'screening' && test.result === 'negative' && test.setting !== 'home' && onOrBefore(test.specimenDate, requestedOn),
      );
      const declarations = facts.contraception.filter((declaration) => onOrBefore(declaration.declaredOn, requestedOn) && twoMethodsOrAbstinence(declaration));
      const qualified = facts.pregnancyTests.some(
        (test) =>
          opensTheWindow(test, facts, requestedOn, generated.config) &&
          test.setting !== 'home' &&
          screenings.some((screening) => daysBetween(screening.specimenDate, test.specimenDate) >= 19) &&
          declarations.some((declaration) => daysBetween(declaration.startedOn, test.specimenDate) >= 30),
      );
      assert.ok(qualified, `first fill without screening + 19 days and 30 days of contraception\n${describeFacts(facts, generated)}`);
    });
  });

  test("R-CNS-1, R-CMP-1, R-CON-1: a patient who can get pregnant is authorized only with this month's counseling, passed comprehension and two methods (or abstinence)", () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn } = generated.request;
      if (!authorized(decision) || categoryOnDate(facts, requestedOn)?.category !== 'PCGP') {
        return;
      }
      const what = describeFacts(facts, generated);
      assert.ok(
        facts.counselings.some((counseling) => inThisMonth(counseling.counseledOn, facts, requestedOn)),
        `no counseling this month\n${what}`,
      );
      assert.ok(
        facts.comprehensionChecks.some((check) => check.passed && inThisMonth(check.answeredOn, facts, requestedOn)),
        `no passed comprehension this month\n${what}`,
      );
      assert.ok(
        facts.contraception.some((declaration) => twoMethodsOrAbstinence(declaration) && inThisMonth(declaration.declaredOn, facts, requestedOn)),
        `no valid contraception this month\n${what}`,
      );
    });
  });

  test('R-CNS-2, R-WIN-3, R-WIN-4: a patient who cannot get pregnant is authorized only when counseled (REMS-2021: this month, within 30 days of the visit; REMS-2026: since enrollment)', () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn } = generated.request;
      if (!authorized(decision) || categoryOnDate(facts, requestedOn)?.category !== 'PCNGP') {
        return;
      }
      const what = describeFacts(facts, generated);
      if (underRems2026(requestedOn, generated.config)) {
        const enrolled = enrollmentDate(facts) as IsoDate;
        assert.ok(
          facts.counselings.some((c) => onOrBefore(enrolled, c.counseledOn) && onOrBefore(c.counseledOn, requestedOn)),
          `never counseled\n${what}`,
        );
      } else {
        const visits = facts.counselings.filter((c) => inThisMonth(c.counseledOn, facts, requestedOn));
        assert.ok(
          visits.some((visit) => daysBetween(visit.counseledOn, decision.doNotDispenseAfter) <= 29),
          `REMS-2021 PCNGP: no counseling visit this month whose 30-day window covers ${decision.doNotDispenseAfter}\n${what}`,
        );
      }
    });
  });

  test('R-AUTH-1, R-WIN-1, R-WIN-4: every authorization ends on or after the request, within 7 days (can get pregnant) or 30 days (cannot)', () => {
    forEveryHistory((facts, decision, generated) => {
      if (!authorized(decision)) {
        return;
      }
      const { requestedOn } = generated.request;
      const days = daysBetween(requestedOn, decision.doNotDispenseAfter);
      const limit = categoryOnDate(facts, requestedOn)?.category === 'PCGP' ? 6 : 29;
      assert.ok(
        days >= 0 && days <= limit,
        `doNotDispenseAfter ${decision.doNotDispenseAfter} for a request on ${requestedOn}\n${describeFacts(facts, generated)}`,
      );
      assert.equal(decision.ruleSet, underRems2026(requestedOn, generated.config) ? 'REMS-2026' : 'REMS-2021');
    });
  });

  test('D-4, R-AUTH-3: the date the REMS system returned ends the window when earlier — a new authorization in it never ends after that date', () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn } = generated.request;
      if (!authorized(decision) || categoryOnDate(facts, requestedOn)?.category !== 'PCGP') {
        return;
      }
      const remsDatesInWindow = (test: PregnancyTest): IsoDate[] =>
        facts.authorizations.flatMap((a) =>
          a.remsDoNotDispenseAfter !== null && onOrBefore(test.specimenDate, a.requestedOn) && daysBetween(test.specimenDate, a.requestedOn) <= 6
            ? [a.remsDoNotDispenseAfter]
            : [],
        );
      assert.ok(
        facts.pregnancyTests.some(
          (test) =>
            opensTheWindow(test, facts, requestedOn, generated.config) &&
            remsDatesInWindow(test).every((remsDate) => onOrBefore(decision.doNotDispenseAfter, remsDate)),
        ),
        `doNotDispenseAfter ${decision.doNotDispenseAfter} after a date the REMS system returned\n${describeFacts(facts, generated)}`,
      );
    });
  });

  test('R-RX-1, R-RX-2, R-WIN-1a, §3.1: only an existing prescription of at most 30 days, no refills, an available strength, written this month at or after the visit', () => {
    forEveryHistory((facts, decision, generated) => {
      if (!authorized(decision)) {
        return;
      }
      const { requestedOn, prescriptionId } = generated.request;
      const what = describeFacts(facts, generated);
      const prescription = facts.prescriptions.find((candidate) => candidate.id === prescriptionId);
      assert.ok(prescription !== undefined, `no prescription ${prescriptionId}\n${what}`);
      assert.ok(prescription.daysSupply <= 30 && prescription.refills === 0, `limits\n${what}`);
      assert.ok(PRODUCT_STRENGTHS_MG[prescription.product].includes(prescription.strengthMg), `strength\n${what}`);
      assert.ok(onOrBefore(prescription.writtenOn, requestedOn), `written after the request\n${what}`);
      const lastDispense = lastDispenseOn(facts, requestedOn);
      assert.ok(lastDispense === null || prescription.writtenOn > lastDispense, `written before the last dispense (${lastDispense})\n${what}`);
      const latestVisit = facts.counselings
        .map((counseling) => counseling.counseledOn)
        .filter((date) => inThisMonth(date, facts, requestedOn))
        .sort()
        .at(-1);
      assert.ok(latestVisit === undefined || onOrBefore(latestVisit, prescription.writtenOn), `written before the visit of ${latestVisit}\n${what}`);
    });
  });

  test('R-RX-3, R-AUTH-4: never a second active authorization, and a prescription already authorized or filled gets its existing authorization back', () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn, prescriptionId } = generated.request;
      const what = describeFacts(facts, generated);
      const live = (authorization: PatientFacts['authorizations'][number]): boolean =>
        authorization.dispense === null &&
        authorization.reversal === null &&
        authorization.doNotDispenseAfter !== null &&
        onOrBefore(requestedOn, authorization.doNotDispenseAfter) &&
        (authorization.remsDoNotDispenseAfter === null || onOrBefore(requestedOn, authorization.remsDoNotDispenseAfter));
      const sameUsedOrLive = facts.authorizations.filter((a) => a.prescriptionId === prescriptionId && (a.dispense !== null || live(a)));
      if (decision.kind === 'existing') {
        assert.equal(decision.authorization.prescriptionId, prescriptionId);
        assert.ok(sameUsedOrLive.includes(decision.authorization), `the existing authorization is neither used nor active\n${what}`);
      } else {
        assert.deepEqual(sameUsedOrLive, [], `the prescription already has an authorization\n${what}`);
      }
      if (authorized(decision)) {
        assert.ok(!facts.authorizations.some((a) => a.prescriptionId !== prescriptionId && live(a)), `another authorization is active\n${what}`);
      }
    });
  });

  test('R-ENR-1, R-ENR-2, R-ENR-4: only an enrolled patient aged 12 or more with the consents signed, a certified prescriber and a certified pharmacy', () => {
    forEveryHistory((facts, decision, generated) => {
      if (!authorized(decision)) {
        return;
      }
      const { requestedOn } = generated.request;
      const what = describeFacts(facts, generated);
      const category = categoryOnDate(facts, requestedOn);
      assert.ok(category !== null, `not enrolled\n${what}`);
      assert.ok(facts.prescriberCertified && generated.request.pharmacyCertified, `certification\n${what}`);
      const age = ageInYears(facts.birthDate, requestedOn);
      assert.ok(age >= 12, `aged ${age}\n${what}`);
      const needed: ConsentKind[] = [
        'general',
        ...(category.category === 'PCGP' ? (['birthDefects'] as const) : []),
        ...(age < 18 ? (['guardian'] as const) : []),
      ];
      for (const kind of needed) {
        assert.ok(
          facts.consents.some((consent) => consent.kind === kind && onOrBefore(consent.signedOn, requestedOn)),
          `consent ${kind} missing\n${what}`,
        );
      }
    });
  });

  test('R-END-1: nobody is authorized after the course ended, unless the prescriber restarted it since', () => {
    forEveryHistory((facts, decision, generated) => {
      if (!authorized(decision)) {
        return;
      }
      const { requestedOn } = generated.request;
      for (const end of facts.courseEnds.filter((courseEnd) => onOrBefore(courseEnd.lastDoseOn, requestedOn))) {
        assert.ok(
          facts.courseRestarts.some((restart) => restart.restartedOn > end.lastDoseOn && onOrBefore(restart.restartedOn, requestedOn)),
          `course ended ${end.lastDoseOn}, no restart since\n${describeFacts(facts, generated)}`,
        );
      }
    });
  });

  test('R-CAT-2, R-MON-2: after a change to "can get pregnant" or a restart, no fill before a new screening and a window test 19 days after it', () => {
    forEveryHistory((facts, decision, generated) => {
      const { requestedOn } = generated.request;
      if (!authorized(decision) || categoryOnDate(facts, requestedOn)?.category !== 'PCGP') {
        return;
      }
      const enrolled = enrollmentDate(facts) as IsoDate;
      const assignments = facts.categoryAssignments
        .filter((assignment) => onOrBefore(assignment.effectiveOn, requestedOn))
        .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.recordedAt.localeCompare(b.recordedAt));
      const requalifyFrom = [
        ...assignments.flatMap((assignment, index) =>
          index > 0 && assignment.category === 'PCGP' && assignments[index - 1]?.category === 'PCNGP' ? [assignment.effectiveOn] : [],
        ),
        ...facts.courseRestarts.map((restart) => restart.restartedOn),
      ].filter((from) => from > enrolled && onOrBefore(from, requestedOn));
      for (const from of requalifyFrom) {
        const dosedSince = facts.authorizations.some(
          (a) => a.dispense !== null && onOrBefore(from, a.dispense.dispensedOn) && onOrBefore(a.dispense.dispensedOn, requestedOn),
        );
        if (dosedSince) {
          continue;
        }
        const screenings = facts.pregnancyTests.filter(
          (test) => test.kind === 'screening' && test.result === 'negative' && test.setting !== 'home' && onOrBefore(from, test.specimenDate),
        );
        const qualified = facts.pregnancyTests.some(
          (test) =>
            opensTheWindow(test, facts, requestedOn, generated.config) &&
            screenings.some((screening) => daysBetween(screening.specimenDate, test.specimenDate) >= 19),
        );
        assert.ok(qualified, `no new qualification since ${from}\n${describeFacts(facts, generated)}`);
      }
    });
  });

  test('§2.13: every refusal gives at least one reason, each with a code, the rule, a message and an action', () => {
    forEveryHistory((facts, decision, generated) => {
      if (decision.kind === 'existing') {
        return;
      }
      const what = describeFacts(facts, generated);
      assert.equal(decision.decision.allowed, decision.kind === 'authorized', what);
      if (decision.kind === 'refused') {
        assert.ok(decision.decision.reasons.length > 0, `a refusal without a reason\n${what}`);
      } else {
        assert.deepEqual(decision.decision.reasons, [], what);
      }
      const explained = (reason: Reason): boolean =>
        /^[A-Z][A-Z0-9_]+$/.test(reason.code) &&
        /^(R-[A-Z0-9-]+[a-z]?|§[0-9.]+|D-[0-9])$/.test(reason.rule) &&
        reason.message.trim().length > 0 &&
        reason.action.trim().length > 0 &&
        (reason.earliestChangeDate === null || isIsoDate(reason.earliestChangeDate)) &&
        (reason.deadline === undefined || isIsoDate(reason.deadline));
      for (const reason of [...decision.decision.reasons, ...decision.decision.warnings]) {
        assert.ok(explained(reason), `unexplained reason ${JSON.stringify(reason)}\n${what}`);
      }
    });
  });

  test('D-6: the decision depends on the facts only — the same answer every time, whatever order the facts were recorded or read in', () => {
    fc.assert(
      fc.property(history, fc.integer(), (generated, seed) => {
        const facts = factsOf(generated);
        const once = decide(generated, facts);
        assert.deepEqual(decide(generated, structuredClone(facts)), once);
        const reordered: PatientFacts = {
          ...facts,
          categoryAssignments: shuffled(facts.categoryAssignments, seed),
          consents: shuffled(facts.consents, seed + 1),
          counselings: shuffled(facts.counselings, seed + 2),
          contraception: shuffled(facts.contraception, seed + 3),
          comprehensionChecks: shuffled(facts.comprehensionChecks, seed + 4),
          pregnancyTests: shuffled(facts.pregnancyTests, seed + 5),
          homeTestingOptIns: shuffled(facts.homeTestingOptIns, seed + 6),
          authorizations: shuffled(facts.authorizations, seed + 7),
          courseEnds: shuffled(facts.courseEnds, seed + 8),
          courseRestarts: shuffled(facts.courseRestarts, seed + 9),
          pregnancyReports: shuffled(facts.pregnancyReports, seed + 10),
          pregnancyClearances: shuffled(facts.pregnancyClearances, seed + 11),
          contraceptionFailureReports: shuffled(facts.contraceptionFailureReports, seed + 12),
        };
        const again = decide(generated, reordered);
        assert.equal(again.kind, once.kind, describeFacts(facts, generated));
        if (again.kind !== 'existing' && once.kind !== 'existing') {
          assert.deepEqual(again.decision.reasons.map((r) => r.code).sort(), once.decision.reasons.map((r) => r.code).sort());
        }
        if (authorized(again) && authorized(once)) {
          assert.equal(again.doNotDispenseAfter, once.doNotDispenseAfter);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const future = (generated: History, withAuthorizations: boolean): fc.Arbitrary<HistoryEvent[]> => {
    const later = dayIn(generated.request.requestedOn, 1, 120);
    const prescriptionIds = fc.constantFrom(...PRESCRIPTION_IDS);
    const event = anyEvent(later, fc.constantFrom('rx-later-1', 'rx-later-2')).filter((candidate) => candidate.type !== 'authorization');
    return fc.array(
      withAuthorizations
        ? fc.oneof(
            event,
            later.chain((on) => authorizationEvent(prescriptionIds, on, fc.integer({ min: 0, max: 30 }), fc.boolean())),
          )
        : event,
      { minLength: 1, maxLength: 6 },
    );
  };

  test('D-6, R-PT-6: facts dated after the request (tests, visits, reports, clearances, restarts…) do not change the decision', () => {
    fc.assert(
      fc.property(
        history.chain((generated) => fc.tuple(fc.constant(generated), future(generated, false))),
        ([generated, later]) => {
          const facts = factsOf(generated);
          assert.deepEqual(decide(generated, factsOf(generated, later)), decide(generated, facts), describeFacts(facts, generated));
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('D-6, R-RX-3: no fact dated after the request — authorizations included — turns a refusal into an authorization', () => {
    fc.assert(
      fc.property(
        history.chain((generated) => fc.tuple(fc.constant(generated), future(generated, true))),
        ([generated, later]) => {
          const facts = factsOf(generated);
          if (decide(generated, facts).kind === 'refused') {
            assert.notEqual(decide(generated, factsOf(generated, later)).kind, 'authorized', describeFacts(facts, generated));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('R-MISS-2, R-MISS-3, R-MISS-5: after a missed first window, a repeat test opens a new one only 19 days after the missed one under REMS-2021, at once under REMS-2026', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 7, max: 40 }),
        fc.integer({ min: 0, max: 6 }),
        effectiveDates,
        (offset, gap, day, rems2026EffectiveDate) => {
          const missed = addDays('2025-06-01', offset);
          const repeat = addDays(missed, gap);
          const facts = givenPatient({ category: 'PCGP', enrolledOn: addDays(missed, -25) })
            .screeningTest(addDays(missed, -25))
            .contraception({ declaredOn: addDays(missed, -25), startedOn: addDays(missed, -90) })
            .confirmationTest(missed)
            .confirmationTest(repeat)
            .counseled(repeat)
            .comprehension(repeat)
            .contraception({ declaredOn: repeat, startedOn: addDays(missed, -90) })
            .prescription({ id: 'rx-1', writtenOn: repeat })
            .facts();
          const config = configWith({ rems2026EffectiveDate });
          const decision = authorizeFill(facts, { prescriptionId: 'rx-1', requestedOn: addDays(repeat, day), pharmacyCertified: true }, config);
          const expected = gap >= 19 || underRems2026(repeat, config);
          assert.equal(authorized(decision), expected, `missed ${missed}, repeat ${repeat}, effective ${rems2026EffectiveDate}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('the generated histories reach every kind of answer (so the properties above are not vacuous)', () => {
    const outcomes = { authorizedPcgpFirst: 0, authorizedPcgpLater: 0, authorizedHomeTest: 0, authorizedPcngp: 0, refused: 0, existing: 0 };
    const refusalCodes = new Map<string, number>();
    for (const generated of fc.sample(history, { numRuns: RUNS, seed: 4 })) {
      const facts = factsOf(generated);
      const decision = decide(generated, facts);
      const { requestedOn } = generated.request;
      if (decision.kind === 'refused') {
        outcomes.refused += 1;
        decision.decision.reasons.forEach((reason) => refusalCodes.set(reason.code, (refusalCodes.get(reason.code) ?? 0) + 1));
      } else if (decision.kind === 'existing') {
        outcomes.existing += 1;
      } else if (categoryOnDate(facts, requestedOn)?.category === 'PCNGP') {
        outcomes.authorizedPcngp += 1;
      } else if (lastDispenseOn(facts, requestedOn) === null) {
        outcomes.authorizedPcgpFirst += 1;
      } else {
        outcomes.authorizedPcgpLater += 1;
        const window = decision.readiness.window;
        if (facts.pregnancyTests.some((test) => test.id === window?.testId && test.setting === 'home')) {
          outcomes.authorizedHomeTest += 1;
        }
      }
    }
    console.log(`outcomes of ${RUNS} generated histories: ${JSON.stringify(outcomes)}; refusal reasons: ${JSON.stringify(Object.fromEntries(refusalCodes))}`);
    const share = (count: number): number => count / RUNS;
    assert.ok(share(outcomes.authorizedPcgpFirst) > 0.025, JSON.stringify(outcomes));
    assert.ok(share(outcomes.authorizedPcgpLater) > 0.025, JSON.stringify(outcomes));
    assert.ok(share(outcomes.authorizedPcngp) > 0.04, JSON.stringify(outcomes));
    assert.ok(outcomes.authorizedHomeTest >= 5, JSON.stringify(outcomes));
    assert.ok(share(outcomes.refused) > 0.3, JSON.stringify(outcomes));
    assert.ok(outcomes.existing > 0, JSON.stringify(outcomes));
    for (const code of [
      'WINDOW_CLOSED',
      'PREGNANCY_HOLD',
      'COURSE_ENDED',
      'FIRST_WINDOW_LOCKOUT',
      'ACTIVE_AUTHORIZATION_EXISTS',
      'COMPREHENSION_PENDING',
      'CONTRACEPTION_PENDING',
      'COUNSELING_PENDING',
      'CONFIRMATION_TOO_EARLY',
      'CONTRACEPTION_TOO_RECENT',
      'PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING',
      'HOME_TEST_NOT_PERMITTED',
      'MONTHLY_TEST_PENDING',
      'CONSENT_MISSING',
      'AGE_BELOW_INDICATION',
      'PRESCRIPTION_FROM_EARLIER_MONTH',
      'DAYS_SUPPLY_OVER_30',
      'REFILLS_NOT_ALLOWED',
    ]) {
      assert.ok(refusalCodes.has(code), `no generated history was refused with ${code}`);
    }
  });
});
