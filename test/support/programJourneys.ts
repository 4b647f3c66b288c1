// The steps of a course outside the US as a practice and a pharmacy take them through the HTTP API
// (issue 14, item 6): the practice's jurisdiction, a patient's program facts one request at a
// time, the prescription and the pharmacist's checklist. Each step sets the test clock to its own
// day first (no fact may be dated after today), as the acceptance scenarios of programs.md §4 read.
import assert from 'node:assert/strict';
import type { ApiResponse, TestApi } from './api.js';
import { assertStatus, codes, declareContraception, enrollPatient, lookupOf, recordPregnancyTest, type Patient, type ReasonBody } from './journeys.js';
import { storedRows } from './routes.js';

export interface ProgramSteps {
  /** Puts the test practice under `jurisdiction` (as its administrator), the clock on `on`. */
  under(jurisdiction: string, on: string): Promise<void>;
  /** A new patient of the practice, under `jurisdiction`, with the clinician's reproductive fact recorded on `enrolledOn`. */
  patient(jurisdiction: string, options: { enrolledOn: string; birthDate?: string; canGetPregnant?: boolean }): Promise<Patient>;
  /** POST /patients/{id}/{path} on `on`, as the prescriber unless told: the raw answer. */
  post(patient: Patient, path: string, on: string, body: unknown): Promise<ApiResponse>;
  /** The same, which must be recorded (201). */
  record(patient: Patient, path: string, on: string, body: unknown): Promise<ApiResponse>;
  form(patient: Patient, formVersion: string, signedOn: string, signedBy?: { patient?: boolean; prescriber?: boolean }): Promise<void>;
  /** Both assessments (mental health and sexual function) on one day. */
  assessed(patient: Patient, on: string): Promise<void>;
  assessment(patient: Patient, kind: 'mentalHealth' | 'sexualFunction', on: string): Promise<void>;
  /** Contraception in use since `startedOn`, declared that day unless told. */
  contraception(patient: Patient, startedOn: string, declaredOn?: string): Promise<void>;
  /** A negative pregnancy test, recorded on its specimen day: a licensed laboratory's unless told. */
  test(
    patient: Patient,
    specimenDate: string,
    options?: { kind?: 'screening' | 'monthly' | 'endOfTreatment' | 'postTreatment'; setting?: 'lab' | 'clinic' },
  ): Promise<void>;
  secondPrescriber(patient: Patient, agreedOn: string): Promise<void>;
  /** Writes a prescription (claravis 40 mg, one a day, 30 days unless told): the raw answer. */
  prescribe(patient: Patient, writtenOn: string, terms?: { daysSupply?: number; certifiedOn?: string }): Promise<ApiResponse>;
  /** The same, which must be written (201): its id. */
  prescribed(patient: Patient, writtenOn: string, terms?: { daysSupply?: number; certifiedOn?: string }): Promise<string>;
  /** The pharmacist's checklist with the dispense of what was prescribed (30 capsules unless told), on `dispensedOn`. */
  checklist(patient: Patient, prescriptionId: string, dispensedOn: string, terms?: { daysSupply?: number; quantity?: number }): Promise<ApiResponse>;
  /** GET /patients/{id}/program on `on` (the preview). */
  program(patient: Patient, on: string): Promise<ApiResponse>;
  /** The test prescriber's attributes from `effectiveOn`: an experienced dermatologist unless told. */
  qualified(effectiveOn: string, attributes?: Record<string, unknown>): Promise<void>;
}

export function programSteps(api: TestApi): ProgramSteps {
  const steps: ProgramSteps = {
    async under(jurisdiction, on) {
      api.today(on);
      assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction }), 200, `jurisdiction ${jurisdiction}`);
    },
    async patient(jurisdiction, options) {
      await steps.under(jurisdiction, options.enrolledOn);
      const canGetPregnant = options.canGetPregnant ?? true;
      const patient = await enrollPatient(api, {
        enrolledOn: options.enrolledOn,
        category: canGetPregnant ? 'PCGP' : 'PCNGP',
        ...(options.birthDate === undefined ? {} : { birthDate: options.birthDate }),
      });
      await steps.record(patient, 'reproductive-facts', options.enrolledOn, {
        kind: canGetPregnant ? 'uterusAndOvary' : 'noUterusOrNoOvaries',
        recordedOn: options.enrolledOn,
      });
      return patient;
    },
    async post(patient, path, on, body) {
      api.today(on);
      return api.as('prescriber').post(`/patients/${patient.id}/${path}`, body);
    },
    async record(patient, path, on, body) {
      const response = await steps.post(patient, path, on, body);
      assertStatus(response, 201, `${path} ${JSON.stringify(body)}`);
      return response;
    },
    async form(patient, formVersion, signedOn, signedBy = {}) {
      await steps.record(patient, 'acknowledgement-forms', signedOn, {
        formVersion,
        signedOn,
        signedByPatient: signedBy.patient ?? true,
        signedByPrescriber: signedBy.prescriber ?? true,
      });
    },
    async assessment(patient, kind, on) {
      await steps.record(patient, 'assessments', on, { kind, on });
    },
    async assessed(patient, on) {
      await steps.assessment(patient, 'mentalHealth', on);
      await steps.assessment(patient, 'sexualFunction', on);
    },
    async contraception(patient, startedOn, declaredOn = startedOn) {
      assertStatus(await declareContraception(api, patient, declaredOn, { startedOn }), 201, 'contraception');
    },
    async test(patient, specimenDate, options = {}) {
      assertStatus(
        await recordPregnancyTest(api, patient, options.kind ?? 'screening', specimenDate, { setting: options.setting ?? 'lab' }),
        201,
        `test of ${specimenDate}`,
      );
    },
    async secondPrescriber(patient, agreedOn) {
      await steps.record(patient, 'second-prescriber-agreements', agreedOn, { prescriberId: api.ids.users.otherPrescriber, agreedOn });
    },
    async prescribe(patient, writtenOn, terms = {}) {
      const daysSupply = terms.daysSupply ?? 30;
      return steps.post(patient, 'prescriptions', writtenOn, {
        writtenOn,
        product: 'claravis',
        strengthMg: 40,
        capsulesPerDay: 1,
        daysSupply,
        quantity: daysSupply,
        refills: 0,
        ...(terms.certifiedOn === undefined ? {} : { certifiedOn: terms.certifiedOn }),
      });
    },
    async prescribed(patient, writtenOn, terms = {}) {
      const written = await steps.prescribe(patient, writtenOn, terms);
      assertStatus(written, 201, `prescription of ${writtenOn}`);
      return written.body.id as string;
    },
    async checklist(patient, prescriptionId, dispensedOn, terms = {}) {
      api.today(dispensedOn);
      return api.as('pharmacist').post('/pharmacy/checklist-dispenses', {
        ...lookupOf(patient),
        prescriptionId,
        dispensedOn,
        product: 'claravis',
        strengthMg: 40,
        quantity: terms.quantity ?? terms.daysSupply ?? 30,
        daysSupply: terms.daysSupply ?? 30,
        medicationGuideGiven: true,
      });
    },
    async qualified(effectiveOn, attributes = { specialty: 'dermatology', retinoidExperience: true }) {
      api.today(effectiveOn);
      const recorded = await api.as('prescriber').post(`/prescribers/${api.ids.users.prescriber}/attributes`, { ...attributes, effectiveOn });
      assertStatus(recorded, 201, 'attributes');
    },
    async program(patient, on) {
      api.today(on);
      const response = await api.as('prescriber').get(`/patients/${patient.id}/program`);
      assertStatus(response, 200, `program on ${on}`);
      return response;
    },
  };
  return steps;
}

/** A 422 refusal whose reasons are exactly these codes, in this order: the reasons. */
export function refusedWith(response: ApiResponse, ...expected: string[]): ReasonBody[] {
  assertStatus(response, 422, `refusal ${expected.join(', ')}`);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const reasons = response.body.reasons as ReasonBody[];
  assert.deepEqual(codes(reasons), expected, JSON.stringify(response.body));
  return reasons;
}

/** The one reason with this code. */
export function theReason(reasons: readonly ReasonBody[], code: string): ReasonBody {
  const found = reasons.filter((reason) => reason.code === code);
  assert.equal(found.length, 1, `one ${code} among ${JSON.stringify(codes(reasons))}`);
  return found[0] as ReasonBody;
}

/** Runs `request`, which must be refused with exactly `expected` and write nothing: the reasons. */
export async function refusedWritingNothing(api: TestApi, request: () => Promise<ApiResponse>, ...expected: string[]): Promise<ReasonBody[]> {
  const before = await storedRows(api);
  const reasons = refusedWith(await request(), ...expected);
  assert.deepEqual(await storedRows(api), before, `a refusal (${expected.join(', ')}) writes nothing`);
  return reasons;
}
