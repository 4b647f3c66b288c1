// Test fixtures that read like the scenarios of domain.md §7: `givenPatient({...})` starts an
// enrolled patient with every prerequisite not mentioned already satisfied (certified prescriber,
// consents signed), and each method adds one dated fact. `.facts()` returns a fresh PatientFacts.
import { addDays, ageInYears, type IsoDate } from '../../src/domain/dates.js';
import type { Reason } from '../../src/domain/decision.js';
import type {
  ContraceptionFailureReport,
  Authorization,
  CategoryCriterion,
  ConsentKind,
  ContraceptionMethod,
  CourseEnd,
  HomeTestEvidence,
  PatientFacts,
  PregnancyTest,
  PregnancyTestKind,
  PregnancyTestResult,
  PregnancyTestSetting,
  Product,
  RiskCategory,
} from '../../src/domain/facts.js';
import { DEFAULT_PROGRAM_CONFIG, ruleSetOn, type ProgramConfig } from '../../src/domain/ruleSets.js';

/** The configuration every scenario uses unless it says otherwise (REMS-2026 from 2026-08-08, enforcement discretion on). */
export const CONFIG: ProgramConfig = DEFAULT_PROGRAM_CONFIG;

export function configWith(overrides: Partial<ProgramConfig>): ProgramConfig {
  return { ...DEFAULT_PROGRAM_CONFIG, ...overrides };
}

/** The codes of a list of reasons, for assertions a person can read. */
export function codes(reasons: readonly Reason[]): string[] {
  return reasons.map((reason) => reason.code);
}

export function reasonWithCode(reasons: readonly Reason[], code: string): Reason {
  const found = reasons.find((reason) => reason.code === code);
  if (found === undefined) {
    throw new Error(`no reason ${code} among [${codes(reasons).join(', ')}]`);
  }
  return found;
}

export interface PatientOptions {
  category?: RiskCategory;
  criterion?: CategoryCriterion;
  enrolledOn: IsoDate;
  /** Default: an adult (born 1995-06-15). */
  birthDate?: IsoDate;
  prescriberCertified?: boolean;
  /** Default true: the consents the category needs are signed on the enrollment date. */
  consentsSigned?: boolean;
}

export interface TestOptions {
  result?: PregnancyTestResult;
  setting?: PregnancyTestSetting;
  clia?: boolean;
  /** Default: the specimen date. */
  resultDate?: IsoDate;
  sensitivityMiuPerMl?: number | null;
  id?: string;
}

export interface HomeTestOptions extends Omit<TestOptions, 'setting' | 'clia'> {
  kind?: PregnancyTestKind;
  /** Default true: the prescriber attested the captured evidence. */
  attested?: boolean;
  /** Default true: a dated photo with the patient identifier was captured. */
  evidence?: boolean;
}

export interface ContraceptionOptions {
  declaredOn: IsoDate;
  /** Default: the declaration date. */
  startedOn?: IsoDate;
  /** Default: combined pill + male condom. */
  methods?: ContraceptionMethod[];
  abstinence?: boolean;
  takesEnzymeInducer?: boolean;
}

export interface PrescriptionOptions {
  id: string;
  writtenOn: IsoDate;
  product?: Product;
  strengthMg?: number;
  capsulesPerDay?: number;
  daysSupply?: number;
  quantity?: number;
  refills?: number;
}

export interface AuthorizationOptions {
  id?: string;
  prescriptionId: string;
  requestedOn: IsoDate;
  doNotDispenseAfter: IsoDate;
  remsDoNotDispenseAfter?: IsoDate | null;
}

export interface DispenseOptions {
  daysSupply?: number;
  quantity?: number;
}

export interface MonthlyVisitOptions {
  /** Write a prescription with this id at the visit. */
  prescription?: string;
  /** Each defaults to true (PCGP) — set one false to leave that item missing. */
  counseling?: boolean;
  comprehension?: boolean;
  contraception?: boolean;
}

const DEFAULT_CRITERION: Record<RiskCategory, CategoryCriterion> = {
  PCGP: 'reproductivePotential',
  PCNGP: 'assignedMaleAtBirth',
};

const PHOTO_EVIDENCE: Omit<HomeTestEvidence, 'prescriberAttested'> = {
  kind: 'photo',
  description: 'Dated photo of the test with the patient identifier',
  interpretedBy: 'prescriber',
};

export class PatientBuilder {
  private readonly state: PatientFacts;
  private sequence = 0;
  private readonly category: RiskCategory;

  constructor(options: PatientOptions) {
    this.category = options.category ?? 'PCGP';
    const birthDate = options.birthDate ?? '1995-06-15';
    this.state = {
      birthDate,
      categoryAssignments: [],
      prescriberCertified: options.prescriberCertified ?? true,
      consents: [],
      counselings: [],
      contraception: [],
      comprehensionChecks: [],
      pregnancyTests: [],
      homeTestingOptIns: [],
      prescriptions: [],
      authorizations: [],
      courseEnds: [],
      courseRestarts: [],
      pregnancyReports: [],
      pregnancyClearances: [],
      contraceptionFailureReports: [],
    };
    this.state.categoryAssignments.push({
      category: this.category,
      criterion: options.criterion ?? DEFAULT_CRITERION[this.category],
      reason: null,
      effectiveOn: options.enrolledOn,
      recordedAt: this.recordedAt(options.enrolledOn),
    });
    if (options.consentsSigned ?? true) {
      this.consent('general', options.enrolledOn);
      if (this.category === 'PCGP') {
        this.consent('birthDefects', options.enrolledOn);
      }
      if (ageInYears(birthDate, options.enrolledOn) < 18) {
        this.consent('guardian', options.enrolledOn);
      }
    }
  }

  private recordedAt(date: IsoDate): string {
    // Recorded on the fact's own date, in the order the scenario adds the facts.
    this.sequence += 1;
    return new Date(Date.parse(`${date}T08:00:00Z`) + this.sequence * 1000).toISOString();
  }

  consent(kind: ConsentKind, signedOn: IsoDate): this {
    this.state.consents.push({ kind, signedOn });
    return this;
  }

  counseled(counseledOn: IsoDate): this {
    this.state.counselings.push({ id: `counseling-${this.sequence + 1}`, counseledOn, recordedAt: this.recordedAt(counseledOn) });
    return this;
  }

  comprehension(answeredOn: IsoDate, passed = true): this {
    this.state.comprehensionChecks.push({ answeredOn, passed, recordedAt: this.recordedAt(answeredOn) });
    return this;
  }

  contraception(options: ContraceptionOptions): this {
    this.state.contraception.push({
      declaredOn: options.declaredOn,
      methods: options.methods ?? ['combinedOralContraceptive', 'maleCondom'],
      abstinence: options.abstinence ?? false,
      startedOn: options.startedOn ?? options.declaredOn,
      takesEnzymeInducer: options.takesEnzymeInducer ?? false,
      enteredBy: 'prescriber',
      recordedAt: this.recordedAt(options.declaredOn),
    });
    return this;
  }

  pregnancyTest(kind: PregnancyTestKind, specimenDate: IsoDate, options: TestOptions = {}): this {
    const setting = options.setting ?? 'lab';
    const test: PregnancyTest = {
      id: options.id ?? `test-${kind}-${specimenDate}-${this.sequence + 1}`,
      kind,
      specimenDate,
      resultDate: options.resultDate ?? specimenDate,
      result: options.result ?? 'negative',
      setting,
      clia: options.clia ?? setting === 'lab',
      sensitivityMiuPerMl: options.sensitivityMiuPerMl === undefined ? 25 : options.sensitivityMiuPerMl,
      homeEvidence: null,
      recordedAt: this.recordedAt(options.resultDate ?? specimenDate),
    };
    this.state.pregnancyTests.push(test);
    return this;
  }

  screeningTest(specimenDate: IsoDate, options: TestOptions = {}): this {
    return this.pregnancyTest('screening', specimenDate, options);
  }

  confirmationTest(specimenDate: IsoDate, options: TestOptions = {}): this {
    return this.pregnancyTest('confirmation', specimenDate, options);
  }

  monthlyTest(specimenDate: IsoDate, options: TestOptions = {}): this {
    return this.pregnancyTest('monthly', specimenDate, options);
  }

  /** A home test with captured, attested evidence unless told otherwise (R-PT-7). Default kind: monthly. */
  homeTest(specimenDate: IsoDate, options: HomeTestOptions = {}): this {
    this.pregnancyTest(options.kind ?? 'monthly', specimenDate, { ...options, setting: 'home', clia: false });
    const test = this.state.pregnancyTests.at(-1);
    if (test !== undefined && (options.evidence ?? true)) {
      test.homeEvidence = { ...PHOTO_EVIDENCE, prescriberAttested: options.attested ?? true };
    }
    return this;
  }

  homeTestingOptIn(optedInOn: IsoDate): this {
    this.state.homeTestingOptIns.push({ optedInOn, procedure: 'Photo with patient identifier, reviewed by the prescriber' });
    return this;
  }

  /**
   * The prescriber's monthly visit with every item of the month done (R-CNS-1, R-CMP-1, R-CON-1):
   * counseling, comprehension, contraception re-confirmed (PCGP), and a prescription when given an id.
   */
  monthlyVisit(visitOn: IsoDate, options: MonthlyVisitOptions = {}): this {
    if (options.counseling ?? true) {
      this.counseled(visitOn);
    }
    if (this.currentCategory() === 'PCGP') {
      if (options.comprehension ?? true) {
        this.comprehension(visitOn);
      }
      if (options.contraception ?? true) {
        const previous = this.state.contraception.at(-1);
        this.contraception({
          declaredOn: visitOn,
          startedOn: previous?.startedOn ?? addDays(visitOn, -60),
          methods: previous?.methods ?? ['combinedOralContraceptive', 'maleCondom'],
        });
      }
    }
    if (options.prescription !== undefined) {
      this.prescription({ id: options.prescription, writtenOn: visitOn });
    }
    return this;
  }

  prescription(options: PrescriptionOptions): this {
    const daysSupply = options.daysSupply ?? 30;
    const capsulesPerDay = options.capsulesPerDay ?? 1;
    this.state.prescriptions.push({
      id: options.id,
      writtenOn: options.writtenOn,
      product: options.product ?? 'isotretinoinGeneric',
      strengthMg: options.strengthMg ?? 40,
      capsulesPerDay,
      daysSupply,
      quantity: options.quantity ?? daysSupply * capsulesPerDay,
      refills: options.refills ?? 0,
      recordedAt: this.recordedAt(options.writtenOn),
    });
    return this;
  }

  authorization(options: AuthorizationOptions): this {
    const id = options.id ?? `auth-${options.prescriptionId}`;
    this.state.authorizations.push({
      id,
      prescriptionId: options.prescriptionId,
      rmaNumber: `RMA-${id}`,
      requestedOn: options.requestedOn,
      doNotDispenseAfter: options.doNotDispenseAfter,
      ruleSet: ruleSetOn(options.requestedOn, CONFIG).id,
      remsDoNotDispenseAfter: options.remsDoNotDispenseAfter ?? null,
      remsRmaNumber: null,
      reversal: null,
      dispense: null,
    });
    return this;
  }

  /** Dispenses the prescribed product and strength against an authorization. */
  dispensed(authorizationId: string, dispensedOn: IsoDate, options: DispenseOptions = {}): this {
    const authorization = this.findAuthorization(authorizationId);
    const prescription = this.state.prescriptions.find((candidate) => candidate.id === authorization.prescriptionId);
    const daysSupply = options.daysSupply ?? prescription?.daysSupply ?? 30;
    authorization.dispense = {
      dispensedOn,
      product: prescription?.product ?? 'isotretinoinGeneric',
      strengthMg: prescription?.strengthMg ?? 40,
      quantity: options.quantity ?? prescription?.quantity ?? daysSupply,
      daysSupply,
      recordedAt: this.recordedAt(dispensedOn),
    };
    return this;
  }

  reversed(authorizationId: string, reversedOn: IsoDate, reason = 'Not picked up in time'): this {
    this.findAuthorization(authorizationId).reversal = { reversedOn, reason };
    return this;
  }

  /** Authorized and dispensed the same day, as a pharmacy does in the window (authorization id `auth-<prescriptionId>`). */
  filled(prescriptionId: string, on: IsoDate, doNotDispenseAfter: IsoDate = on): this {
    return this.authorization({ prescriptionId, requestedOn: on, doNotDispenseAfter }).dispensed(`auth-${prescriptionId}`, on);
  }

  courseEnded(lastDoseOn: IsoDate, reason: CourseEnd['reason'] = 'targetReached'): this {
    this.state.courseEnds.push({ lastDoseOn, reason, recordedAt: this.recordedAt(lastDoseOn) });
    return this;
  }

  courseRestarted(restartedOn: IsoDate, reason: string | null = null): this {
    this.state.courseRestarts.push({ restartedOn, reason, recordedAt: this.recordedAt(restartedOn) });
    return this;
  }

  categoryChange(options: { category: RiskCategory; effectiveOn: IsoDate; criterion?: CategoryCriterion; reason?: string }): this {
    this.state.categoryAssignments.push({
      category: options.category,
      criterion: options.criterion ?? DEFAULT_CRITERION[options.category],
      reason: options.reason ?? 'Category reviewed by the prescriber',
      effectiveOn: options.effectiveOn,
      recordedAt: this.recordedAt(options.effectiveOn),
    });
    return this;
  }

  pregnancyReported(reportedOn: IsoDate): this {
    this.state.pregnancyReports.push({ reportedOn, recordedAt: this.recordedAt(reportedOn) });
    return this;
  }

  pregnancyCleared(clearedOn: IsoDate, reason = 'Negative quantitative serum hCG: false positive'): this {
    this.state.pregnancyClearances.push({ clearedOn, reason, recordedAt: this.recordedAt(clearedOn) });
    return this;
  }

  contraceptionFailureReported(reportedOn: IsoDate, kind: ContraceptionFailureReport['kind'] = 'unprotectedIntercourse'): this {
    this.state.contraceptionFailureReports.push({ reportedOn, kind, recordedAt: this.recordedAt(reportedOn) });
    return this;
  }

  /** A copy of the facts so far: later additions to the builder do not change it. */
  facts(): PatientFacts {
    return structuredClone(this.state);
  }

  private currentCategory(): RiskCategory {
    return this.state.categoryAssignments.at(-1)?.category ?? this.category;
  }

  private findAuthorization(id: string): Authorization {
    return authorizationIn(this.state, id);
  }
}

export function givenPatient(options: PatientOptions): PatientBuilder {
  return new PatientBuilder(options);
}

/** Facts of someone the prescriber has not enrolled (nothing recorded). */
export function unenrolledPatient(birthDate: IsoDate = '1995-06-15'): PatientFacts {
  const facts = new PatientBuilder({ enrolledOn: '2000-01-01', birthDate }).facts();
  return { ...facts, categoryAssignments: [], consents: [] };
}

/**
 * A PCGP patient ready for the first fill (R-ENR-3, R-PT-2, R-CON-5, R-CNS-1, R-CMP-1): enrolled and
 * screened 30 days before the confirmation specimen, two methods in use for 60 days, and the month's
 * visit with prescription `rx-1` on the specimen date.
 */
export function pcgpReadyForFirstFill(confirmationOn: IsoDate, prescriptionId = 'rx-1'): PatientBuilder {
  const enrolledOn = addDays(confirmationOn, -30);
  return givenPatient({ category: 'PCGP', enrolledOn })
    .screeningTest(enrolledOn)
    .contraception({ declaredOn: enrolledOn, startedOn: addDays(confirmationOn, -60) })
    .confirmationTest(confirmationOn)
    .monthlyVisit(confirmationOn, { prescription: prescriptionId });
}

function only<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined || items.length !== 1) {
    throw new Error(`expected exactly one item, got ${items.length}`);
  }
  return item;
}

/** One pregnancy test fact, for rules that judge a single test. */
export function aPregnancyTest(kind: PregnancyTestKind, specimenDate: IsoDate, options: TestOptions = {}): PregnancyTest {
  return only(givenPatient({ enrolledOn: specimenDate }).pregnancyTest(kind, specimenDate, options).facts().pregnancyTests);
}

/** One home test fact (evidence captured and attested unless told otherwise). */
export function aHomeTest(specimenDate: IsoDate, options: HomeTestOptions = {}): PregnancyTest {
  return only(givenPatient({ enrolledOn: specimenDate }).homeTest(specimenDate, options).facts().pregnancyTests);
}

/** The authorization with this id among the facts (fails the test when missing). */
export function authorizationIn(facts: PatientFacts, id: string): Authorization {
  const authorization = facts.authorizations.find((candidate) => candidate.id === id);
  if (authorization === undefined) {
    throw new Error(`no authorization ${id}`);
  }
  return authorization;
}
