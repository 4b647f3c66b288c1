// Steps of a patient's journey through the program, played through the HTTP API, so acceptance
// scenarios (domain.md §7) read like their Given / When / Then:
//
//   const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
//   const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
//   const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-16');
//
// Every step sets the test clock to the date it happens on (facts are never dated in the future),
// and asserts that the steps it only sets up succeeded, so a broken "Given" fails loudly there.
import assert from 'node:assert/strict';
import { addDays } from '../../src/domain/dates.js';
import type { ProgramConfig } from '../../src/domain/ruleSets.js';
import type { ApiClient, ApiResponse, EnrolledPatient, StaffRole, TestApi } from './api.js';
import type { UntypedJson } from './json.js';

export type Patient = EnrolledPatient;

export interface ReasonBody {
  code: string;
  rule: string;
  message: string;
  action: string;
  earliestChangeDate: string | null;
  deadline?: string;
}

/** What a pharmacy identifies the patient with. */
export function lookupOf(patient: Patient): { programId: string; birthDate: string } {
  return { programId: patient.programId, birthDate: patient.birthDate };
}

export function codes(reasons: readonly ReasonBody[] | undefined): string[] {
  return (reasons ?? []).map((reason) => reason.code);
}

/** The reason with this code (fails the test when it is missing). */
export function reasonWithCode(reasons: readonly ReasonBody[] | undefined, code: string): ReasonBody {
  const found = (reasons ?? []).find((reason) => reason.code === code);
  assert.ok(found !== undefined, `expected reason ${code} among ${JSON.stringify(codes(reasons))}`);
  return found;
}

/** An RFC 9457 problem answer with this status (the status is in the body too, with a title). */
export function assertProblem(response: ApiResponse, status: number, what: string): void {
  assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, what);
  assert.equal(response.body.status, status, what);
  assert.equal(typeof response.body.title, 'string', what);
}

/** A PCNGP patient of the other prescriber (test/support/api.ts): a record the main care team must never reach. */
export async function enrollOthersPatient(api: TestApi, enrolledOn: string, account?: { email: string; password: string }): Promise<Patient> {
  api.today(enrolledOn);
  const enrolled = await api.as('otherPrescriber').post('/patients', {
    givenName: 'Elsewhere',
    familyName: 'Patient',
    birthDate: '1990-01-01',
    category: 'PCNGP',
    criterion: 'assignedMaleAtBirth',
    enrolledOn,
    ...(account === undefined ? {} : { account }),
    duplicateOverride: { reason: 'Synthetic test patients share a name and birth date' },
  });
  assertStatus(enrolled, 201, "the other prescriber's enrollment");
  return { id: enrolled.body.id, programId: enrolled.body.programId, birthDate: '1990-01-01' };
}

export function assertStatus(response: ApiResponse, status: number, what = 'request'): void {
  assert.equal(response.status, status, `${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
}

/** A 422 refusal by the program rules, as problem+json, whose reasons include each code given. */
export function assertRefused(response: ApiResponse, ...expectedCodes: string[]): ReasonBody[] {
  assertStatus(response, 422, 'refusal');
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const reasons = response.body.reasons as ReasonBody[];
  for (const code of expectedCodes) {
    reasonWithCode(reasons, code);
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Configuration

/** Runs `work` with some program settings changed (e.g. FDA enforcement discretion), then restores them. */
export async function withProgram<T>(api: TestApi, settings: Partial<ProgramConfig>, work: () => Promise<T>): Promise<T> {
  const saved = { ...api.services.program };
  Object.assign(api.services.program, settings);
  try {
    return await work();
  } finally {
    Object.assign(api.services.program, saved);
  }
}

// ---------------------------------------------------------------------------------------------
// Prescriber's office

export interface EnrollPatientOptions {
  enrolledOn: string;
  category?: 'PCGP' | 'PCNGP';
  birthDate?: string;
  account?: { email: string; password: string };
}

export async function enrollPatient(api: TestApi, options: EnrollPatientOptions): Promise<Patient> {
  api.today(options.enrolledOn);
  return api.enroll({
    category: options.category ?? 'PCGP',
    enrolledOn: options.enrolledOn,
    ...(options.birthDate === undefined ? {} : { birthDate: options.birthDate }),
    ...(options.account === undefined ? {} : { account: options.account }),
  });
}

export const NEGATIVE_LAB_TEST = { result: 'negative', setting: 'lab', clia: true } as const;

export const HOME_TEST_EVIDENCE = {
  kind: 'photo',
  description: 'Dated photo of the test cassette next to the patient identifier card',
  interpretedBy: 'Prescriber, from the photo',
  prescriberAttested: true,
} as const;

export interface TestOptions {
  /** The day it is recorded (default: the specimen date). */
  recordedOn?: string;
  resultDate?: string;
  result?: 'negative' | 'positive' | 'invalid';
  setting?: 'lab' | 'clinic' | 'home';
  clia?: boolean;
  homeEvidence?: object;
  as?: StaffRole;
}

/** Records a pregnancy test (a negative CLIA laboratory test unless told otherwise). */
export async function recordPregnancyTest(
  api: TestApi,
  patient: Patient,
  kind: 'screening' | 'confirmation' | 'monthly' | 'endOfTreatment' | 'postTreatment' | 'unscheduled',
  specimenDate: string,
  options: TestOptions = {},
): Promise<ApiResponse> {
  api.today(options.recordedOn ?? specimenDate);
  const setting = options.setting ?? 'lab';
  return api.as(options.as ?? 'prescriber').post(`/patients/${patient.id}/pregnancy-tests`, {
    kind,
    specimenDate,
    resultDate: options.resultDate ?? specimenDate,
    result: options.result ?? 'negative',
    setting,
    clia: options.clia ?? setting === 'lab',
    ...(options.homeEvidence === undefined ? {} : { homeEvidence: options.homeEvidence }),
  });
}

export async function declareContraception(
  api: TestApi,
  patient: Patient,
  declaredOn: string,
  options: { startedOn?: string; methods?: string[]; abstinence?: boolean; takesEnzymeInducer?: boolean } = {},
): Promise<ApiResponse> {
  api.today(declaredOn);
  return api.as('prescriber').post(`/patients/${patient.id}/contraception`, {
    declaredOn,
    methods: options.methods ?? ['iudCopper', 'maleCondom'],
    abstinence: options.abstinence ?? false,
    startedOn: options.startedOn ?? addDays(declaredOn, -60),
    ...(options.takesEnzymeInducer === undefined ? {} : { takesEnzymeInducer: options.takesEnzymeInducer }),
  });
}

export async function confirmCounseling(api: TestApi, patient: Patient, counseledOn: string): Promise<ApiResponse> {
  api.today(counseledOn);
  return api.as('prescriber').post(`/patients/${patient.id}/counselings`, { counseledOn, modality: 'inPerson' });
}

export async function answerComprehension(api: TestApi, patient: Patient, answeredOn: string, passed = true): Promise<ApiResponse> {
  api.today(answeredOn);
  return api.as('prescriber').post(`/patients/${patient.id}/comprehension-checks`, { answeredOn, passed });
}

export interface PrescriptionTerms {
  product?: string;
  strengthMg?: number;
  capsulesPerDay?: number;
  daysSupply?: number;
  quantity?: number;
  refills?: number;
}

/** A claravis 40 mg, one a day, 30 days, no refills prescription unless told otherwise. */
export async function writePrescription(api: TestApi, patient: Patient, writtenOn: string, terms: PrescriptionTerms = {}): Promise<ApiResponse> {
  api.today(writtenOn);
  const daysSupply = terms.daysSupply ?? 30;
  const capsulesPerDay = terms.capsulesPerDay ?? 1;
  return api.as('prescriber').post(`/patients/${patient.id}/prescriptions`, {
    writtenOn,
    product: terms.product ?? 'claravis',
    strengthMg: terms.strengthMg ?? 40,
    capsulesPerDay,
    daysSupply,
    quantity: terms.quantity ?? daysSupply * capsulesPerDay,
    refills: terms.refills ?? 0,
  });
}

/** The month's items a PCGP patient needs besides the test (R-WIN-1): each can be left out. */
export type MonthlyItem = 'counseling' | 'comprehension' | 'contraception' | 'prescription';

export interface FirstMonthOptions {
  /** Specimen date of the confirmation test (Day 1 of the first window). */
  confirmationOn: string;
  /** Specimen date of the screening test; default 19 days before the confirmation (R-PT-2). */
  screeningOn?: string;
  /** Since when two methods are in use; default 60 days before the confirmation (R-CON-5). */
  contraceptionStartedOn?: string;
  confirmation?: TestOptions;
  omit?: MonthlyItem[];
  prescription?: PrescriptionTerms;
}

/** A patient who orders online: their record, their own logged-in client, this month's prescription. */
export interface OnlineCustomer {
  patient: Patient;
  client: ApiClient;
  prescriptionId: string | null;
}

/**
 * A PCGP patient with their own log-in, enrolled 30 days before `confirmationOn` and qualified for
 * the first fill that day (less what `omit` leaves out): who places online orders in the tests.
 */
export async function onlineCustomer(api: TestApi, options: { email: string; confirmationOn: string; omit?: MonthlyItem[] }): Promise<OnlineCustomer> {
  const password = 'patient password long';
  const patient = await enrollPatient(api, { category: 'PCGP', enrolledOn: addDays(options.confirmationOn, -30), account: { email: options.email, password } });
  const month = await qualifyFirstMonth(api, patient, { confirmationOn: options.confirmationOn, omit: options.omit ?? [] });
  return { patient, client: await api.logIn(options.email, password), prescriptionId: month.prescriptionId };
}

export interface QualifiedMonth {
  test: ApiResponse;
  prescriptionId: string | null;
  prescription: ApiResponse | null;
}

/**
 * Given a PCGP patient enrolled on or before the screening date: a negative screening test and the
 * contraception declaration on the screening date, then on the confirmation date a confirmation
 * test, the counseling, the comprehension answers and the prescription — everything the first
 * authorization needs (R-ENR-3, R-PT-2, R-CON-5, R-CNS-1, R-CMP-1).
 */
export async function qualifyFirstMonth(api: TestApi, patient: Patient, options: FirstMonthOptions): Promise<QualifiedMonth> {
  const { confirmationOn } = options;
  const screeningOn = options.screeningOn ?? addDays(confirmationOn, -19);
  const omit = new Set(options.omit ?? []);
  assertStatus(await recordPregnancyTest(api, patient, 'screening', screeningOn), 201, 'screening test');
  if (!omit.has('contraception')) {
    const declared = await declareContraception(api, patient, screeningOn, {
      startedOn: options.contraceptionStartedOn ?? addDays(confirmationOn, -60),
    });
    assertStatus(declared, 201, 'contraception');
  }
  const test = await recordPregnancyTest(api, patient, 'confirmation', confirmationOn, options.confirmation);
  assertStatus(test, 201, 'confirmation test');
  return { test, ...(await monthItems(api, patient, confirmationOn, omit, options.prescription, { contraceptionAlreadyDeclared: true })) };
}

export interface MonthOptions {
  /** Specimen date of the month's test (Day 1 of its window). */
  testOn: string;
  /** The office visit: counseling, comprehension, contraception and prescription (default: the test date). */
  visitOn?: string;
  test?: TestOptions;
  omit?: MonthlyItem[];
  prescription?: PrescriptionTerms;
}

/** A later month of a PCGP patient (R-PT-3, R-WIN-1): the monthly test, then the visit's items. */
export async function qualifyMonth(api: TestApi, patient: Patient, options: MonthOptions): Promise<QualifiedMonth> {
  const test = await recordPregnancyTest(api, patient, 'monthly', options.testOn, options.test);
  assertStatus(test, 201, 'monthly test');
  return { test, ...(await monthItems(api, patient, options.visitOn ?? options.testOn, new Set(options.omit ?? []), options.prescription)) };
}

async function monthItems(
  api: TestApi,
  patient: Patient,
  visitOn: string,
  omit: Set<MonthlyItem>,
  terms: PrescriptionTerms | undefined,
  options: { contraceptionAlreadyDeclared?: boolean } = {},
): Promise<{ prescriptionId: string | null; prescription: ApiResponse | null }> {
  if (!omit.has('counseling')) {
    assertStatus(await confirmCounseling(api, patient, visitOn), 201, 'counseling');
  }
  if (!omit.has('comprehension')) {
    assertStatus(await answerComprehension(api, patient, visitOn), 201, 'comprehension');
  }
  if (!omit.has('contraception') && options.contraceptionAlreadyDeclared !== true) {
    assertStatus(await declareContraception(api, patient, visitOn), 201, 'contraception');
  }
  if (omit.has('prescription')) {
    return { prescriptionId: null, prescription: null };
  }
  const prescription = await writePrescription(api, patient, visitOn, terms);
  assertStatus(prescription, 201, 'prescription');
  return { prescriptionId: prescription.body.id as string, prescription };
}

/** A PCNGP month: the office visit with counseling (unless left out) and the prescription. */
export async function pcngpVisit(api: TestApi, patient: Patient, visitOn: string, options: { counsel?: boolean } = {}): Promise<string> {
  if (options.counsel !== false) {
    assertStatus(await confirmCounseling(api, patient, visitOn), 201, 'counseling');
  }
  const prescription = await writePrescription(api, patient, visitOn);
  assertStatus(prescription, 201, 'prescription');
  return prescription.body.id as string;
}

// ---------------------------------------------------------------------------------------------
// Pharmacy

export async function requestAuthorization(
  api: TestApi,
  patient: Patient,
  prescriptionId: string,
  on: string,
  as: StaffRole = 'pharmacist',
): Promise<ApiResponse> {
  api.today(on);
  return api.as(as).post('/authorizations', { ...lookupOf(patient), prescriptionId });
}

export interface DispenseOptions {
  product?: string;
  strengthMg?: number;
  quantity?: number;
  daysSupply?: number;
  medicationGuideGiven?: boolean;
  as?: StaffRole;
}

/** Dispenses claravis 40 mg × 30 (the default prescription) against an authorization. */
export async function dispense(api: TestApi, patient: Patient, authorizationId: string, on: string, options: DispenseOptions = {}): Promise<ApiResponse> {
  api.today(on);
  return api.as(options.as ?? 'pharmacist').post(`/authorizations/${authorizationId}/dispense`, {
    ...lookupOf(patient),
    dispensedOn: on,
    product: options.product ?? 'claravis',
    strengthMg: options.strengthMg ?? 40,
    quantity: options.quantity ?? 30,
    daysSupply: options.daysSupply ?? 30,
    medicationGuideGiven: options.medicationGuideGiven ?? true,
  });
}

export interface Filled {
  authorizationId: string;
  rmaNumber: string;
  doNotDispenseAfter: string;
}

/** The pharmacy obtains the authorization and dispenses the same day; both must succeed. */
export async function authorizeAndDispense(api: TestApi, patient: Patient, prescriptionId: string, on: string, options: DispenseOptions = {}): Promise<Filled> {
  const authorization = await requestAuthorization(api, patient, prescriptionId, on);
  assertStatus(authorization, 201, `authorization on ${on}`);
  const dispensed = await dispense(api, patient, authorization.body.id, on, options);
  assertStatus(dispensed, 201, `dispense on ${on}`);
  return {
    authorizationId: authorization.body.id,
    rmaNumber: authorization.body.authorization.rmaNumber,
    doNotDispenseAfter: authorization.body.authorization.doNotDispenseAfter,
  };
}

/** A PCGP patient whose first prescription was filled on the confirmation date. */
export async function pcgpOnTreatment(api: TestApi, firstFillOn: string, options: { birthDate?: string } = {}): Promise<Patient> {
  const patient = await enrollPatient(api, {
    enrolledOn: addDays(firstFillOn, -19),
    ...(options.birthDate === undefined ? {} : { birthDate: options.birthDate }),
  });
  const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: firstFillOn });
  await authorizeAndDispense(api, patient, prescriptionId as string, firstFillOn);
  return patient;
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function statusOn(api: TestApi, patient: Patient, on: string): Promise<UntypedJson> {
  api.today(on);
  const response = await api.as('prescriber').get(`/patients/${patient.id}/status`);
  assertStatus(response, 200, 'status');
  return response.body;
}

/** Everything recorded about the patient (to check that a refused request stored nothing). */
export async function factsOf(api: TestApi, patient: Patient, as: StaffRole = 'prescriber'): Promise<UntypedJson> {
  const response = await api.as(as).get(`/patients/${patient.id}`);
  assertStatus(response, 200, 'patient record');
  return response.body.facts;
}
