// Every route of the API with a valid sample request, for tests that must cover all of them
// (the OpenAPI listing, log-in required, bad input). When a route is added, add it here: the
// OpenAPI test fails until the table and the server agree.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import { markWorklistStale } from '../../src/db/worklistEntries.js';
import { TEST_UNIT_PRICE_CENTS, type ApiResponse, type TestApi } from './api.js';

export interface RouteContext {
  patientId: string;
  programId: string;
  birthDate: string;
  prescriptionId: string;
  authorizationId: string;
  medicationId: string;
  /** Missed days the patient reported, waiting for the care team (insertMissedDoseReport), or an unknown id. */
  missedDoseId: string;
  messageId: string;
  /** An order placed with `pharmacyId` for `prescriptionId`. */
  orderId: string;
  /** The pharmacy holding the authorization (and the order). */
  pharmacyId: string;
  /** Feedback on `orderId` (a fixture: rating needs a delivered order), or an unknown id. */
  feedbackId: string;
  userId: string;
  organizationId: string;
  /** An open identity review whose candidate is `patientId` (insertMatchReview), or an unknown id. */
  reviewId: string;
  /** A registered interop client's row id (or an unknown one). */
  clientId: string;
  /** A date on or before today, for facts. */
  on: string;
}

/**
 * A route context for one patient whose other records are unknown ids (fresh UUIDs) unless given:
 * what a test that only needs the routes' shapes fills in, and the rest of RouteContext for one
 * that has real records (`records`).
 */
export function routeContextFor(
  patient: { id: string; programId: string; birthDate: string },
  owners: { pharmacyId: string; userId: string; organizationId: string; on: string },
  records: Partial<RouteContext> = {},
): RouteContext {
  return {
    patientId: patient.id,
    programId: patient.programId,
    birthDate: patient.birthDate,
    prescriptionId: randomUUID(),
    authorizationId: randomUUID(),
    medicationId: randomUUID(),
    missedDoseId: randomUUID(),
    messageId: randomUUID(),
    orderId: randomUUID(),
    feedbackId: randomUUID(),
    reviewId: randomUUID(),
    clientId: randomUUID(),
    ...owners,
    ...records,
  };
}

export interface RouteSample {
  method: 'GET' | 'POST' | 'DELETE';
  /** As OpenAPI writes it, e.g. /api/v1/patients/{patientId}. */
  path: string;
  /** A valid body; its FIRST key is a required field (the bad-input tests remove it). */
  body?: (ctx: RouteContext) => Record<string, unknown>;
  query?: (ctx: RouteContext) => Record<string, string>;
  /** Answers without a log-in (the log-in itself, the public service ratings; for an interop route: without a client token). */
  public?: boolean;
  /**
   * An interop route (src/interop/, not under /api/v1): sent with the access token of a client of
   * this kind from /auth/token (test/support/interopClients.ts), never a staff session; its errors
   * are a FHIR OperationOutcome or an NCPDP Error message, not problem+json. The cross-cutting
   * tests (openapi, fuzz, recordAccess) cover every route given here with `client`.
   */
  client?: 'practice' | 'pharmacy';
  /** The OAuth token endpoint answers errors as RFC 6749 §5.2 says ({ error, error_description }), not problem+json. */
  errors?: 'oauth';
  /** The body's content type when it is not application/json: 'application/fhir+json', 'application/xml'. */
  contentType?: string;
  /** A body that is not a JSON object (an NCPDP SCRIPT message), sent as is with `contentType`. */
  raw?: (ctx: RouteContext) => string;
  /**
   * Path parameters the context does not hold (a CDS service id, a FHIR type); a value may name
   * context fields in braces ('course-{patientId}'). The context's own values ({patientId},
   * {prescriptionId} …) are filled from it.
   */
  pathParams?: Record<string, string>;
  /**
   * When one route takes several kinds of request (NCPDP SCRIPT's one endpoint: a NewRx from the
   * EHR, a REMSRequest from the pharmacy), one sample for each, each with its label; the tests try
   * every sample of a route.
   */
  variant?: string;
}

const lookup = (ctx: RouteContext) => ({ programId: ctx.programId, birthDate: ctx.birthDate });

export const ROUTES: readonly RouteSample[] = [
  { method: 'POST', path: '/api/v1/sessions', public: true, body: () => ({ email: 'someone@test.example', password: 'not the password' }) },
  {
    method: 'POST',
    path: '/api/v1/account-activations',
    public: true,
    body: () => ({ token: 'not-a-real-activation-token', password: 'a long enough password' }),
  },
  { method: 'DELETE', path: '/api/v1/sessions/current' },
  { method: 'GET', path: '/api/v1/me' },
  { method: 'POST', path: '/api/v1/me/language', body: () => ({ language: 'es' }) },
  { method: 'GET', path: '/api/v1/users' },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: (ctx) => ({
      email: 'new.user@test.example',
      password: 'a long enough password',
      displayName: 'New User',
      role: 'pharmacist',
      organizationId: ctx.organizationId,
    }),
  },
  { method: 'POST', path: '/api/v1/users/{userId}/certifications', body: (ctx) => ({ status: 'certified', effectiveOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/users/{userId}/npi', body: () => ({ npi: '1245319599' }) },
  {
    method: 'POST',
    path: '/api/v1/organizations',
    body: () => ({ kind: 'pharmacy', name: 'Corner Pharmacy', timeZone: 'America/Chicago', jurisdiction: 'US' }),
  },
  { method: 'GET', path: '/api/v1/organizations' },
  { method: 'POST', path: '/api/v1/organizations/{organizationId}/settings', body: () => ({ timeZone: 'America/Chicago' }) },
  { method: 'POST', path: '/api/v1/organizations/{organizationId}/certifications', body: (ctx) => ({ status: 'certified', effectiveOn: ctx.on }) },
  { method: 'GET', path: '/api/v1/organizations/{organizationId}/program' },
  { method: 'POST', path: '/api/v1/organizations/{organizationId}/jurisdiction', body: () => ({ jurisdiction: 'US' }) },
  {
    method: 'POST',
    path: '/api/v1/organizations/{organizationId}/program-settings',
    // `value` first: its type depends on the key (days, true or false, a date…), so the schema takes
    // any JSON scalar and the service names the field (test/api/organizationProgram.test.ts); the
    // generic bad-input test gives the wrong type to the first field of fixed type, `key`.
    body: (ctx) => ({ value: 7, key: 'PCGP_WINDOW_DAYS', effectiveFrom: ctx.on, source: 'iPLEDGE REMS program, 2026 modification' }),
  },
  {
    method: 'POST',
    path: '/api/v1/interop-clients',
    body: (ctx) => ({
      name: 'Sample EHR',
      organizationId: ctx.organizationId,
      scopes: ['system/Observation.rs'],
      jwksUrl: 'https://ehr.test.example/jwks.json',
    }),
  },
  { method: 'GET', path: '/api/v1/interop-clients' },
  // SMART Backend Services (issue 11): discovery and the token endpoint (OAuth errors, not problem+json).
  { method: 'GET', path: '/.well-known/smart-configuration', public: true },
  // Under the FHIR base, so its near misses answer as FHIR (public + client: refusals as OperationOutcome).
  { method: 'GET', path: '/fhir/r4/.well-known/smart-configuration', public: true, client: 'practice' },
  {
    method: 'POST',
    path: '/auth/token',
    public: true,
    errors: 'oauth',
    body: () => ({
      grant_type: 'client_credentials',
      scope: 'system/Patient.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'not.a.jwt',
    }),
  },
  { method: 'POST', path: '/api/v1/interop-clients/{clientId}/revocations' },
  // FHIR R4 read surface (issue 11, item 1): a practice's EHR reads and searches its patients' records, and exports them.
  { method: 'GET', path: '/fhir/r4/metadata', public: true, client: 'practice' },
  { method: 'GET', path: '/fhir/r4/{type}/{id}', client: 'practice', variant: 'Patient', pathParams: { type: 'Patient', id: '{patientId}' } },
  {
    method: 'GET',
    path: '/fhir/r4/{type}/{id}',
    client: 'practice',
    variant: 'MedicationRequest',
    pathParams: { type: 'MedicationRequest', id: '{prescriptionId}' },
  },
  {
    method: 'GET',
    path: '/fhir/r4/{type}/{id}',
    client: 'practice',
    variant: 'MedicationDispense',
    pathParams: { type: 'MedicationDispense', id: '{authorizationId}' },
  },
  { method: 'GET', path: '/fhir/r4/{type}/{id}', client: 'practice', variant: 'CarePlan', pathParams: { type: 'CarePlan', id: 'course-{patientId}' } },
  {
    method: 'GET',
    path: '/fhir/r4/{type}',
    client: 'practice',
    variant: 'Observation by patient',
    pathParams: { type: 'Observation' },
    query: (ctx) => ({ patient: `Patient/${ctx.patientId}` }),
  },
  {
    method: 'GET',
    path: '/fhir/r4/{type}',
    client: 'practice',
    variant: 'Patient by program identifier',
    pathParams: { type: 'Patient' },
    query: (ctx) => ({ identifier: `https://isocourse.dev/fhir/sid/program-id|${ctx.programId}` }),
  },
  { method: 'GET', path: '/fhir/r4/$export', client: 'practice', query: () => ({ _type: 'Patient' }) },
  { method: 'GET', path: '/fhir/r4/Patient/$export', client: 'practice', query: () => ({ _type: 'Patient' }) },
  { method: 'GET', path: '/fhir/r4/$export-status/{jobId}', client: 'practice', pathParams: { jobId: '2b0c7a9e-5f1d-4c3e-9a8b-7d6e5f4a3b2c' } },
  { method: 'DELETE', path: '/fhir/r4/$export-status/{jobId}', client: 'practice', pathParams: { jobId: '2b0c7a9e-5f1d-4c3e-9a8b-7d6e5f4a3b2c' } },
  {
    method: 'GET',
    path: '/fhir/r4/$export-status/{jobId}/files/{fileId}',
    client: 'practice',
    pathParams: { jobId: '2b0c7a9e-5f1d-4c3e-9a8b-7d6e5f4a3b2c', fileId: '6d5c4b3a-2f1e-4d0c-8b9a-1e2f3a4b5c6d' },
  },
  { method: 'GET', path: '/api/v1/audit-events', query: (ctx) => ({ patientId: ctx.patientId, actorId: ctx.userId, limit: '20', offset: '0' }) },
  { method: 'GET', path: '/api/v1/audit/verification' },
  { method: 'GET', path: '/api/v1/patients', query: () => ({ limit: '10', offset: '0' }) },
  {
    method: 'POST',
    path: '/api/v1/patients',
    body: (ctx) => ({
      givenName: 'Sample',
      familyName: 'Patient',
      birthDate: '1999-09-09',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: ctx.on,
      account: { email: 'sample.patient@test.example', password: 'a long enough password' },
    }),
  },
  { method: 'GET', path: '/api/v1/patients/{patientId}' },
  { method: 'POST', path: '/api/v1/patients/{patientId}/account-activations' },
  { method: 'GET', path: '/api/v1/patients/{patientId}/status' },
  { method: 'POST', path: '/api/v1/patients/{patientId}/consents', body: (ctx) => ({ kind: 'general', signedOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/counselings', body: (ctx) => ({ counseledOn: ctx.on, modality: 'inPerson' }) },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/contraception',
    body: (ctx) => ({ declaredOn: ctx.on, methods: ['implant', 'maleCondom'], abstinence: false, startedOn: ctx.on, takesEnzymeInducer: false }),
  },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/pregnancy-tests',
    body: (ctx) => ({ kind: 'screening', specimenDate: ctx.on, resultDate: ctx.on, result: 'negative', setting: 'lab', clia: true, sensitivityMiuPerMl: 20 }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/comprehension-checks', body: (ctx) => ({ answeredOn: ctx.on, passed: true }) },
  // The patient's own part of the month and her wallet card (issue 10, item 2).
  { method: 'GET', path: '/api/v1/patients/{patientId}/monthly-check' },
  { method: 'POST', path: '/api/v1/patients/{patientId}/monthly-check', body: (ctx) => ({ checkedOn: ctx.on, comprehensionPassed: true }) },
  { method: 'GET', path: '/api/v1/patients/{patientId}/wallet-card' },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/home-testing-opt-ins',
    body: (ctx) => ({ optedInOn: ctx.on, procedure: 'Photo of the cassette with the patient identifier' }),
  },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/prescriptions',
    body: (ctx) => ({ daysSupply: 30, writtenOn: ctx.on, product: 'claravis', strengthMg: 40, capsulesPerDay: 1, quantity: 30, refills: 0 }),
  },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/category-changes',
    body: (ctx) => ({ category: 'PCNGP', criterion: 'postMenopausal', reason: 'No period for 14 months, confirmed', effectiveOn: ctx.on }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/course-end', body: (ctx) => ({ lastDoseOn: ctx.on, reason: 'targetReached' }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/course-restarts', body: (ctx) => ({ restartedOn: ctx.on, reason: 'Relapse' }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/pregnancy-reports', body: (ctx) => ({ reportedOn: ctx.on, note: 'Late period' }) },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/contraception-failures',
    body: (ctx) => ({ reportedOn: ctx.on, kind: 'contraceptionFailure', note: 'Condom broke' }),
  },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/pregnancy-clearances',
    body: (ctx) => ({ clearedOn: ctx.on, reason: 'Negative quantitative serum hCG' }),
  },
  { method: 'GET', path: '/api/v1/pharmacy/patients', query: lookup },
  { method: 'GET', path: '/api/v1/pharmacy/authorizations' },
  { method: 'POST', path: '/api/v1/authorizations', body: (ctx) => ({ ...lookup(ctx), prescriptionId: ctx.prescriptionId }) },
  {
    method: 'POST',
    path: '/api/v1/authorizations/{authorizationId}/rems-confirmation',
    body: (ctx) => ({ ...lookup(ctx), remsRmaNumber: 'REMS-123', doNotDispenseAfter: ctx.on }),
  },
  // The pharmacy could not reach the program's own system for the RMA number (issue 12, item 5).
  // outcome first: it is the field always required (the patient is named by programId and
  // birthDate, or by prescriptionId at the counter), which input.test.ts leaves out.
  { method: 'POST', path: '/api/v1/authorizations/{authorizationId}/program-attempts', body: (ctx) => ({ outcome: 'unavailable', ...lookup(ctx) }) },
  { method: 'POST', path: '/api/v1/authorizations/{authorizationId}/reversal', body: (ctx) => ({ ...lookup(ctx), reason: 'Not picked up' }) },
  {
    method: 'POST',
    path: '/api/v1/authorizations/{authorizationId}/dispense',
    body: (ctx) => ({ ...lookup(ctx), dispensedOn: ctx.on, product: 'claravis', strengthMg: 40, quantity: 30, daysSupply: 30, medicationGuideGiven: true }),
  },
  // Issue 14 item 3: outside the US, the pharmacist's checklist and the dispense in one request
  // (a US patient's is refused 422: her fills go through the authorization).
  {
    method: 'POST',
    path: '/api/v1/pharmacy/checklist-dispenses',
    body: (ctx) => ({
      ...lookup(ctx),
      prescriptionId: ctx.prescriptionId,
      dispensedOn: ctx.on,
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    }),
  },
  { method: 'GET', path: '/api/v1/patients/{patientId}/clinical' },
  { method: 'GET', path: '/api/v1/worklist', query: () => ({ limit: '50' }) },
  // A snooze of a routine item (refused 422 when the patient's worklist does not list it today).
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/worklist-snoozes',
    body: (ctx) => ({ itemCode: 'LAB_BASELINE_DUE', until: ctx.on, reason: 'Drawn at the outside lab' }),
  },
  { method: 'GET', path: '/api/v1/patients/{patientId}/dose-proposal', query: () => ({ product: 'claravis', mgPerKgPerDay: '0.5' }) },
  { method: 'GET', path: '/api/v1/inbox' },
  { method: 'POST', path: '/api/v1/inbox/{messageId}/read' },
  // Issue 14 item 3: the facts the programs outside the US need (test/api/programFacts.test.ts).
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/exemptions',
    body: (ctx) => ({
      decidedOn: ctx.on,
      reasonCode: 'NOT_SEXUALLY_ACTIVE',
      patientAgreed: true,
      justification: 'Not sexually active; reviewed at each visit.',
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/acknowledgement-forms',
    body: (ctx) => ({ signedOn: ctx.on, formVersion: 'UK-ARF-2026', signedByPatient: true, signedByPrescriber: true }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/assessments', body: (ctx) => ({ kind: 'mentalHealth', on: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/second-prescriber-agreements', body: (ctx) => ({ agreedOn: ctx.on, prescriberId: ctx.userId }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/visits', body: (ctx) => ({ mode: 'inPerson', on: ctx.on, patientAgreed: false }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/reproductive-facts', body: (ctx) => ({ kind: 'uterusAndOvary', recordedOn: ctx.on }) },
  { method: 'GET', path: '/api/v1/patients/{patientId}/program' },
  {
    method: 'POST',
    path: '/api/v1/prescribers/{prescriberId}/attributes',
    pathParams: { prescriberId: '{userId}' },
    body: (ctx) => ({ specialty: 'dermatology', effectiveOn: ctx.on, retinoidExperience: true }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/weights', body: (ctx) => ({ unit: 'kg', value: 70, measuredOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/dose-plans', body: (ctx) => ({ product: 'claravis', targetMgPerKg: 150, startOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/missed-doses', body: (ctx) => ({ from: ctx.on, reason: 'Travel', to: ctx.on }) },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/lab-results',
    body: (ctx) => ({ analyte: 'triglycerides', value: 180, unit: 'mg/dL', collectedOn: ctx.on, fasting: true }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/phq9', body: (ctx) => ({ answers: [0, 1, 0, 1, 0, 0, 1, 0, 0], answeredOn: ctx.on }) },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/symptom-reports',
    body: (ctx) => ({ entries: [{ symptom: 'dryLips', severity: 'mild' }], note: 'Dry lips', reportedOn: ctx.on }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/medications', body: (ctx) => ({ name: 'Ibuprofen 200 mg', startedOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/medications/{medicationId}/stop', body: (ctx) => ({ stoppedOn: ctx.on }) },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/missed-doses/{missedDoseId}/review',
    body: () => ({ decision: 'confirmed', note: 'Checked with her' }),
  },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/interaction-overrides',
    body: () => ({ code: 'INTERACTION_TETRACYCLINE', reason: 'Dermatologist decision' }),
  },
  { method: 'POST', path: '/api/v1/patients/{patientId}/risk-flags', body: (ctx) => ({ flag: 'diabetes', notedOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/alert-acknowledgements', body: () => ({ alertKey: 'history:CLOSER_MOOD_FOLLOW_UP', note: 'Seen' }) },
  { method: 'GET', path: '/api/v1/pharmacies' },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/orders',
    body: (ctx) => ({
      prescriptionId: ctx.prescriptionId,
      pharmacyId: ctx.pharmacyId,
      quantity: 30,
      strengthMg: 40,
      deliveryAddress: { recipient: 'Sample Patient', line1: '1 Main Street', line2: null, city: 'Boston', state: 'MA', postalCode: '02110' },
    }),
  },
  { method: 'GET', path: '/api/v1/patients/{patientId}/orders' },
  { method: 'GET', path: '/api/v1/patients/{patientId}/orders/{orderId}' },
  { method: 'GET', path: '/api/v1/pharmacy/orders/{orderId}' },
  { method: 'POST', path: '/api/v1/patients/{patientId}/orders/{orderId}/cancel', body: () => ({ reason: 'Picking it up in person instead' }) },
  { method: 'GET', path: '/api/v1/pharmacy/orders' },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/authorization' },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/dispense', body: () => ({ medicationGuideGiven: true }) },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/packing' },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/shipment', body: () => ({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }) },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/delivery', body: (ctx) => ({ deliveredOn: ctx.on }) },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/cancel', body: () => ({ reason: 'The patient asked to cancel' }) },
  { method: 'GET', path: '/api/v1/pharmacy/prices' },
  { method: 'POST', path: '/api/v1/pharmacy/prices', body: (ctx) => ({ strengthMg: 40, unitPriceCents: 475, effectiveOn: ctx.on }) },
  {
    method: 'POST',
    path: '/api/v1/pharmacy/orders/{orderId}/payments',
    body: (ctx) => ({ amountCents: 1000, receivedOn: ctx.on, reference: 'INV-2025-0042' }),
  },
  {
    method: 'POST',
    path: '/api/v1/pharmacy/orders/{orderId}/refunds',
    body: (ctx) => ({ amountCents: 500, reason: 'Box damaged in transit', refundedOn: ctx.on }),
  },
  { method: 'GET', path: '/api/v1/pharmacy/payments/summary', query: (ctx) => ({ from: ctx.on, to: ctx.on }) },
  { method: 'POST', path: '/api/v1/patients/{patientId}/orders/{orderId}/messages', body: () => ({ body: 'When will my order ship?' }) },
  { method: 'GET', path: '/api/v1/patients/{patientId}/orders/{orderId}/messages' },
  { method: 'GET', path: '/api/v1/patients/{patientId}/messages' },
  { method: 'GET', path: '/api/v1/pharmacy/support' },
  { method: 'GET', path: '/api/v1/pharmacy/orders/{orderId}/messages' },
  { method: 'POST', path: '/api/v1/pharmacy/orders/{orderId}/messages', body: () => ({ body: 'It ships tomorrow.' }) },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/orders/{orderId}/feedback',
    body: () => ({ delivery: 5, packaging: 4, support: 4, comment: 'Quick and discreet' }),
  },
  { method: 'GET', path: '/api/v1/patients/{patientId}/orders/{orderId}/feedback' },
  { method: 'GET', path: '/api/v1/pharmacy/feedback' },
  { method: 'POST', path: '/api/v1/pharmacy/feedback/{feedbackId}/moderation', body: () => ({ decision: 'rejected', reason: 'Names a member of staff' }) },
  { method: 'GET', path: '/api/v1/public/service-ratings', public: true },
  // The monthly visit (issue 10): every part given, so the fuzz tries each one.
  { method: 'GET', path: '/api/v1/patients/{patientId}/monthly-visit' },
  {
    method: 'POST',
    path: '/api/v1/patients/{patientId}/monthly-visit',
    body: (ctx) => ({
      visitOn: ctx.on,
      pregnancyTest: { specimenDate: ctx.on, resultDate: ctx.on, result: 'negative', setting: 'clinic', clia: true },
      contraception: { methods: ['implant', 'maleCondom'], abstinence: false, startedOn: ctx.on, takesEnzymeInducer: false },
      counseling: { counseledOn: ctx.on, modality: 'inPerson' },
      prescription: { product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30 },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/patients/{patientId}/prescription-preview',
    query: () => ({ product: 'claravis', strengthMg: '40', capsulesPerDay: '1', daysSupply: '30' }),
  },
  { method: 'POST', path: '/api/v1/lab-imports', body: () => ({ fileName: 'labs.csv', csv: 'program id,collected date,analyte,value,unit\n' }) },
  // Issue 10, the prescription goes to a pharmacy: the patient's pharmacy, the pharmacy's queue, and
  // the counter of the pharmacy a prescription names (no birth date needed: test/api/recordAccess.test.ts).
  { method: 'GET', path: '/api/v1/patients/{patientId}/pharmacy' },
  { method: 'POST', path: '/api/v1/patients/{patientId}/pharmacy', body: (ctx) => ({ pharmacyId: ctx.pharmacyId }) },
  { method: 'GET', path: '/api/v1/pharmacies/usual' },
  { method: 'GET', path: '/api/v1/pharmacy/queue' },
  { method: 'GET', path: '/api/v1/pharmacy/prescriptions/{prescriptionId}' },
  { method: 'POST', path: '/api/v1/pharmacy/prescriptions/{prescriptionId}/authorize-and-dispense', body: () => ({ medicationGuideGiven: true }) },
  // Issue 11, item 7: a client's message matched by name and birth date alone waits for the care team.
  { method: 'GET', path: '/api/v1/patient-match-reviews' },
  { method: 'POST', path: '/api/v1/patient-match-reviews/{reviewId}/decisions', body: () => ({ same: true }) },
  // CDS Hooks 2.0 (issue 11): discovery is public; each REMS service takes a practice client's token.
  { method: 'GET', path: '/cds-services', public: true, client: 'practice' },
  ...['rems-order-sign', 'rems-order-select', 'rems-patient-view', 'rems-encounter-start'].map((id): RouteSample => ({
    method: 'POST',
    path: `/cds-services/${id}`,
    client: 'practice',
    body: (ctx) => cdsHookSample(id, ctx),
  })),
  // Issue 11, items 2 and 4c: the EHR's batch of labs and weights; the REMS questionnaires.
  {
    method: 'POST',
    path: '/fhir/r4',
    client: 'practice',
    contentType: 'application/fhir+json',
    body: (ctx) => ({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          request: { method: 'POST', url: 'Observation' },
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '2571-8' }] },
            subject: { identifier: { system: 'https://isocourse.dev/fhir/sid/program-id', value: ctx.programId } },
            effectiveDateTime: ctx.on,
            valueQuantity: { value: 140, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
          },
        },
      ],
    }),
  },
  {
    method: 'POST',
    path: '/fhir/r4/Questionnaire/{id}/$questionnaire-package',
    client: 'practice',
    contentType: 'application/fhir+json',
    pathParams: { id: 'IPledgeRemsPatientEnrollment' },
    body: () => ({ resourceType: 'Parameters', parameter: [] }),
  },
  {
    method: 'POST',
    path: '/fhir/r4/QuestionnaireResponse/$submit',
    client: 'practice',
    contentType: 'application/fhir+json',
    body: (ctx) => ({
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'https://isocourse.dev/fhir/Questionnaire/isocourse-monthly-check',
      subject: { identifier: { system: 'https://isocourse.dev/fhir/sid/program-id', value: ctx.programId } },
      item: [
        { linkId: 'checkedOn', answer: [{ valueDate: ctx.on }] },
        { linkId: 'comprehensionPassed', answer: [{ valueBoolean: true }] },
      ],
    }),
  },
  // $rems-etasu (US Medication REMS IG): by case number here; by patient + medication in test/interop/remsEtasu.test.ts.
  {
    method: 'POST',
    path: '/fhir/r4/GuidanceResponse/$rems-etasu',
    client: 'practice',
    contentType: 'application/fhir+json',
    body: (ctx) => ({ resourceType: 'Parameters', parameter: [{ name: 'case_number', valueString: ctx.programId }] }),
  },
  // Issue 11, item 5: NCPDP SCRIPT. One path for every message type; the sample is a pharmacy
  // system's REMSRequest (the authorization of the patient's latest prescription, by case number and
  // birth date). An administrator records the NCPDP Provider ID by which messages name a pharmacy.
  { method: 'POST', path: '/api/v1/organizations/{organizationId}/pharmacy-identifiers', body: () => ({ ncpdpId: '3312345', npi: '1234567893' }) },
  {
    method: 'POST',
    path: '/ncpdp/script',
    client: 'pharmacy',
    contentType: 'application/xml',
    raw: (ctx) =>
      '<Message TransactionDomain="SCRIPT" TransactionVersion="2017071"><Header><To Qualifier="ZZZ">0245-0571-01</To><From Qualifier="P">3312345</From>' +
      `<MessageID>sample-${ctx.prescriptionId}</MessageID><SentTime>${ctx.on}T12:00:00Z</SentTime></Header><Body><REMSRequest>` +
      `<Patient><HumanPatient><DateOfBirth><Date>${ctx.birthDate}</Date></DateOfBirth></HumanPatient></Patient>` +
      '<MedicationPrescribed><DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded></MedicationPrescribed>' +
      `<Request><SolicitedModel><REMSCaseID>${ctx.programId}</REMSCaseID></SolicitedModel></Request></REMSRequest></Body></Message>`,
  },
];

/** A CDS Hooks call about the context's patient (identified by her program identifier), with a draft isotretinoin order for the order hooks. */
function cdsHookSample(serviceId: string, ctx: RouteContext): Record<string, unknown> {
  const hook = serviceId.replace(/^rems-/, '');
  const order = {
    resourceType: 'MedicationRequest',
    id: 'draft-1',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/ehr-1' },
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6064' }] },
  };
  return {
    hook,
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: {
      userId: 'Practitioner/pra-1',
      patientId: 'ehr-1',
      ...(hook.startsWith('order-') ? { draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] } } : {}),
    },
    prefetch: {
      patient: {
        resourceType: 'Patient',
        id: 'ehr-1',
        birthDate: ctx.birthDate,
        identifier: [{ system: 'https://isocourse.dev/fhir/sid/program-id', value: ctx.programId }],
      },
    },
  };
}

export function routeName(route: RouteSample): string {
  return `${route.method} ${route.path}`;
}

/** The route and, for a route with several samples, which one: for test names and messages. */
export function sampleName(route: RouteSample): string {
  return route.variant === undefined ? routeName(route) : `${routeName(route)} (${route.variant})`;
}

/** Every sample of a documented operation (one, or one per variant). */
export function samplesOf(name: string): RouteSample[] {
  return ROUTES.filter((route) => routeName(route) === name);
}

/**
 * The value of one path parameter of a route: from its pathParams (which may build it from the
 * context: 'course-{patientId}'), else the context's own value of that name.
 */
export function pathParamValue(route: RouteSample, ctx: RouteContext, name: string): string {
  const fields = ctx as unknown as Record<string, string>;
  const value = route.pathParams?.[name]?.replace(/\{(\w+)\}/g, (_inner, field: string) => fields[field] ?? `{${field}}`) ?? fields[name];
  if (value === undefined) {
    throw new Error(`no context value for {${name}}`);
  }
  return value;
}

/** The concrete URL of a route, with its path parameters and query filled from the context. */
export function urlOf(route: RouteSample, ctx: RouteContext): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => pathParamValue(route, ctx, name));
  return route.query === undefined ? path : `${path}?${new URLSearchParams(route.query(ctx)).toString()}`;
}

/** The sample body of a route as sent on the wire: its raw text (an NCPDP message) or its JSON, with its content type; null without a body. */
export function payloadOf(route: RouteSample, ctx: RouteContext): { payload: string; contentType: string } | null {
  if (route.raw !== undefined) {
    return { payload: route.raw(ctx), contentType: route.contentType ?? 'application/xml' };
  }
  const body = route.body?.(ctx);
  return body === undefined ? null : { payload: JSON.stringify(body), contentType: route.contentType ?? 'application/json' };
}

/** Sends a route's request with a raw body and headers (e.g. no log-in, a broken body). */
export async function send(
  api: TestApi,
  route: RouteSample,
  ctx: RouteContext,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string>; payload?: string } = {},
): Promise<ApiResponse> {
  const sample = payloadOf(route, ctx);
  const body = 'body' in options ? options.body : undefined;
  const payload = options.payload ?? (body !== undefined ? JSON.stringify(body) : 'body' in options ? undefined : sample?.payload);
  // The route's own content type (JSON unless it says otherwise); a JSON body given here for a raw
  // route is JSON; a payload given as is goes with the headers given (none, to test that).
  const contentType =
    payload === undefined || options.payload !== undefined
      ? null
      : route.raw !== undefined && body !== undefined
        ? 'application/json'
        : (route.contentType ?? (route.raw !== undefined ? 'application/xml' : 'application/json'));
  const headers: Record<string, string> = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(contentType === null ? {} : { 'content-type': contentType }),
    ...options.headers,
  };
  const response = await api.app.inject({ method: route.method, url: urlOf(route, ctx), headers, ...(payload === undefined ? {} : { payload }) });
  const text = response.body;
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.statusCode, body: parsed, headers: response.headers };
}

// Values stay text: an NCPDP Error's Code is digits ("900"), not a number.
const xml = new XMLParser({ removeNSPrefix: true, processEntities: false, parseTagValue: false });

/**
 * What is wrong with the body of a refusal (a 4xx) of this route, or null when it is right:
 * problem+json (RFC 9457) with the HTTP status for the API; for an interop route a FHIR
 * OperationOutcome with at least one issue, or an NCPDP SCRIPT Error message with its code —
 * never problem+json, whose shape no EHR or pharmacy system reads.
 */
/** A header's value as text, as String() gave it for what a response holds (a string, a number, a list). */
export function headerText(header: unknown): string {
  if (typeof header === 'string') {
    return header;
  }
  if (typeof header === 'number') {
    return String(header);
  }
  return Array.isArray(header) ? header.join(',') : '';
}

export function refusalFormatProblem(route: RouteSample, status: number, contentTypeHeader: unknown, text: string): string | null {
  const contentType = headerText(contentTypeHeader);
  if (route.errors === 'oauth') {
    let body: { error?: unknown; error_description?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      return `not JSON: ${text.slice(0, 200)}`;
    }
    return /^application\/json/.test(contentType) && typeof body.error === 'string' && /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(body.error)
      ? null
      : `not an OAuth error (${contentType}): ${text.slice(0, 200)}`;
  }
  if (route.client === undefined) {
    let body: { type?: unknown; title?: unknown; status?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      return `not JSON: ${text.slice(0, 200)}`;
    }
    return /^application\/problem\+json/.test(contentType) && typeof body.type === 'string' && typeof body.title === 'string' && body.status === status
      ? null
      : `not problem+json (${contentType}): ${text.slice(0, 200)}`;
  }
  if (/^application\/(fhir\+)?json/.test(contentType)) {
    let body: { resourceType?: unknown; issue?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      return `not JSON (${contentType}): ${text.slice(0, 200)}`;
    }
    const issues = Array.isArray(body.issue) ? (body.issue as Array<{ severity?: unknown; code?: unknown }>) : [];
    return body.resourceType === 'OperationOutcome' &&
      issues.length > 0 &&
      issues.every((issue) => typeof issue.severity === 'string' && typeof issue.code === 'string')
      ? null
      : `not an OperationOutcome with issues (${contentType}): ${text.slice(0, 200)}`;
  }
  if (/^(application|text)\/xml/.test(contentType)) {
    let parsed: { Message?: { Body?: { Error?: { Code?: unknown } } } };
    try {
      parsed = xml.parse(text);
    } catch {
      return `not XML (${contentType}): ${text.slice(0, 200)}`;
    }
    const code = parsed.Message?.Body?.Error?.Code;
    return typeof code === 'string' && code !== '' ? null : `not an NCPDP Error message with a Code (${contentType}): ${text.slice(0, 200)}`;
  }
  return `neither an OperationOutcome nor an NCPDP Error (${contentType}): ${text.slice(0, 200)}`;
}

/** Sends a request that must be refused (4xx, problem+json) and checks that nothing was stored. */
export async function refusedWithoutRecord(api: TestApi, attempt: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const before = await storedRows(api);
  const answer = await attempt();
  assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status} ${JSON.stringify(answer.body)}`);
  assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(await storedRows(api), before, 'nothing recorded');
  return answer;
}

/** Row counts of every table that holds facts or accounts (not the security logs: audit trail, sessions, log-in attempts). */
export async function storedRows(api: TestApi): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('audit_events', 'sessions', 'login_attempts', 'lookup_failures', 'schema_migrations', 'interop_access_tokens', 'interop_assertion_ids')
    ORDER BY table_name`.execute(api.services.db);
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables.rows) {
    const result = await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.table(table)}`.execute(api.services.db);
    counts[table] = Number(result.rows[0]?.count ?? 0);
  }
  return counts;
}

/**
 * Missed days as the patient would have reported them (waiting for her care team), written
 * directly like a fixture; reporting and confirming through the API is tested in missedDoses.
 */
export async function insertMissedDoseReport(api: TestApi, patientId: string, on: string): Promise<string> {
  const patient = await api.services.db.selectFrom('patients').select(['user_id', 'prescriber_id']).where('id', '=', patientId).executeTakeFirstOrThrow();
  const row = await api.services.db
    .insertInto('missed_doses')
    .values({
      patient_id: patientId,
      from_date: on,
      to_date: on,
      reason: 'Forgot',
      recorded_by: patient.user_id ?? patient.prescriber_id,
      reported_by_patient: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An order as the patient would have placed it (for tests that need one to aim requests at): the
 * facts written directly, like a fixture; placing orders through the API is tested in orderGate.
 */
export async function insertOrder(api: TestApi, patientId: string, prescriptionId: string, pharmacyId: string, on: string): Promise<string> {
  const placer = await api.services.db
    .selectFrom('patients')
    .leftJoin('users', 'users.id', 'patients.user_id')
    .select(['users.id as userId', 'patients.prescriber_id'])
    .where('patients.id', '=', patientId)
    .executeTakeFirstOrThrow();
  const row = await api.services.db
    .insertInto('orders')
    .values({
      patient_id: patientId,
      prescription_id: prescriptionId,
      pharmacy_id: pharmacyId,
      placed_on: on,
      quantity: 30,
      strength_mg: 40,
      recipient: 'Sample Patient',
      address_line1: '1 Main Street',
      address_line2: null,
      city: 'Boston',
      state: 'MA',
      postal_code: '02110',
      placed_by: placer.userId ?? placer.prescriber_id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Charged as placing it would, at the test price, and half paid: a payment and a refund can follow.
  await api.services.db
    .insertInto('order_charges')
    .values({ order_id: row.id, provider: 'offline', unit_price_cents: TEST_UNIT_PRICE_CENTS, amount_cents: 30 * TEST_UNIT_PRICE_CENTS, charged_on: on })
    .execute();
  await api.services.db
    .insertInto('order_payments')
    .values({
      order_id: row.id,
      provider: 'offline',
      amount_cents: 15 * TEST_UNIT_PRICE_CENTS,
      received_on: on,
      reference: 'INV-FIXTURE',
      recorded_by: placer.userId ?? placer.prescriber_id,
    })
    .execute();
  return row.id;
}

/**
 * Feedback on an order as the patient would have given it after delivery (a fixture, like
 * insertOrder; the rules for giving it are tested in feedback.test.ts).
 */
export async function insertFeedback(api: TestApi, orderId: string, on: string): Promise<string> {
  const order = await api.services.db
    .selectFrom('orders')
    .select(['patient_id', 'pharmacy_id', 'placed_by'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  const row = await api.services.db
    .insertInto('service_feedback')
    .values({
      order_id: orderId,
      patient_id: order.patient_id,
      pharmacy_id: order.pharmacy_id,
      delivery: 4,
      packaging: 5,
      support: 4,
      comment: 'Quick and discreet',
      submitted_on: on,
      submitted_by: order.placed_by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An open identity review of a patient, as a practice client's message matched by name and birth
 * date alone would have opened it (a fixture, like insertOrder; matching itself is tested in
 * test/interop/patientMatching.test.ts).
 */
export async function insertMatchReview(api: TestApi, patientId: string, client: { id: string; userId: string }): Promise<string> {
  const patient = await api.services.db
    .selectFrom('patients')
    .select(['given_name', 'family_name', 'birth_date', 'practice_id', 'prescriber_id'])
    .where('id', '=', patientId)
    .executeTakeFirstOrThrow();
  const row = await api.services.db
    .insertInto('patient_match_reviews')
    .values({
      client_id: client.id,
      organization_id: patient.practice_id,
      identity_key: `identifier|urn:oid:2.16.840.1.113883.19.5|MRN-${patientId}`,
      identifiers: JSON.stringify([{ system: 'urn:oid:2.16.840.1.113883.19.5', value: `MRN-${patientId}` }]),
      given_names: JSON.stringify([patient.given_name]),
      family_name: patient.family_name,
      birth_date: patient.birth_date,
      candidate_patient_id: patientId,
      received_by: client.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await markWorklistStale(api.services.db, patientId, patient.prescriber_id);
  return row.id;
}
