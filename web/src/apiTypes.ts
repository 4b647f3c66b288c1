// The shapes the API answers, for every page: one type per answer, named as the server names it.
// Where an answer is (or holds) one of the server's domain values, its type is imported from
// src/domain — type only: nothing of the server's code reaches the web bundle, and a change in
// what the server answers shows up as a type error in the pages that read it. What the routes
// assemble themselves (src/services, src/api/routes) is written out here, after them.
import type { Reason } from './api';
import type { LabThresholds } from '../../src/domain/clinicalParameters';
import type { ClinicalReview as DomainClinicalReview, RaisedAlert } from '../../src/domain/clinicalReview';
import type { PatientFacts, Prescription, Product, RiskCategory } from '../../src/domain/facts';
import type { PrescriptionWindow } from '../../src/domain/fillReadiness';
import type { LabClassification } from '../../src/domain/labs';
import type { PatientSchedule } from '../../src/domain/patientSchedule';
import type { MonthlyVisitPlan } from '../../src/domain/monthlyVisit';
import type { NextFill, PrescriptionVerdict } from '../../src/domain/pharmacyVerdict';
import type { PrescriptionPreview as DomainPrescriptionPreview } from '../../src/domain/prescriptionPreview';
import type { ProgramState, ProgramStatus } from '../../src/domain/programStatus';
import type { ProgramDecision, ProgramDispenseDecision } from '../../src/domain/programs/programDecisions';
import type { ExemptionReasonCode, FormVersion, ProgramPatientFacts, ReproductiveFactKind } from '../../src/domain/programs/programFacts';
import type { SymptomSeverity } from '../../src/domain/symptoms';
import type { WorklistItem } from '../../src/domain/worklist';
import type { PatientStateSummary } from '../../src/domain/stateWords';
import type { WorklistForm, WorklistGroup } from '../../src/domain/worklist';
export type { PatientStateSummary, WorklistForm, WorklistGroup };

export type { LabThresholds, PatientFacts, Prescription, Product, ProgramState, ProgramStatus, RaisedAlert, RiskCategory, WorklistItem };

// ---- Programs outside the US (issue 14: src/api/routes/programFacts.ts, src/services/programs) ----

export type { ExemptionReasonCode, FormVersion, ReproductiveFactKind };

/** GET /patients/{id}/program (readPatientProgram.ts): what the next prescription and dispense need under her practice's program. */
export interface PatientProgram {
  id: string;
  patientId: string;
  asOf: string;
  jurisdiction: string | null;
  /** The rule set in force today and the key a decision today records; null: not configured. */
  ruleSet: { id: string; key: string } | null;
  /** A US patient: where her status is (then every other part is null). */
  usStatus: string | null;
  nextPrescription: (ProgramDecision & { daysSupply: number }) | null;
  nextDispense: (ProgramDispenseDecision & { prescriptionId: string }) | null;
  endOfTreatment: ProgramDecision | null;
  facts: ProgramPatientFacts | null;
}

/** POST /patients/{id}/{exemptions,acknowledgement-forms,assessments,…}: the fact's id and the rule set it was judged by. */
export interface RecordedProgramFact {
  id: string;
  ruleSet: string | null;
  key: string | null;
  warnings: Reason[];
}

// ---- Patients (src/api/routes/patients.ts, src/services/patients) ----

/** GET /patients answers a page of these; GET /patients/{id} has one as `patient`. */
export interface PatientSummary {
  id: string;
  programId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

/** GET /patients/{id}: the patient, their derived program status and the facts it is derived from. */
export interface PatientRecord {
  id: string;
  patient: PatientSummary;
  status: ProgramStatus;
  /** The words for the state (src/domain/stateWords.ts), the same on every page. */
  summary: PatientStateSummary;
  facts: PatientFacts;
}

/** GET /patients/{id}/status. */
/** A practice's own parameter setting in force (issue 14, item 4), beside the document's default. */
export interface ProgramOverride {
  key: string;
  value: number | boolean | string | null;
  default: number | boolean | string | null;
  source: string;
  effectiveFrom: string;
}

export type PatientStatus = ProgramStatus & { id: string; summary: PatientStateSummary; schedule: PatientSchedule; programOverrides?: ProgramOverride[] };

/** GET /patients answers a page of these: the patient and the words for their state (null only before it is first derived). */
export type PatientListRow = PatientSummary & { summary: PatientStateSummary | null };

/** POST /patients/{id}/worklist-snoozes. */
export interface WorklistSnooze {
  id: string;
  patientId: string;
  itemCode: string;
  snoozedOn: string;
  until: string;
  reason: string | null;
  snoozedBy: string;
  recordedAt: string;
}

/** POST /patients (enrollment). */
export interface EnrolledPatient {
  id: string;
  programId: string;
  /** The consents recorded with the enrollment (R-ENR-4). */
  consents?: Array<{ id: string; kind: 'general' | 'birthDefects' | 'guardian'; signedOn: string }>;
  /** A log-in from the email alone: the one-time link she sets her password with (shown once). */
  activation?: { token: string; path: string; expiresAt: string; validDays: number; emailed: boolean };
}

/** POST /patients answered 409: the patient may already be enrolled (only the caller's own patients are named). */
export interface PossibleDuplicateProblem {
  type: string;
  title: string;
  status: 409;
  code: 'POSSIBLE_DUPLICATE_PATIENT';
  detail: string;
  matches: Array<{ id: string; givenName: string; familyName: string; birthDate: string; programId: string }>;
  otherPrescribersMatches: number;
}

/** POST /patients/{id}/pregnancy-tests: whether the test opens a prescription window, and why not. */
export interface RecordedPregnancyTest {
  id: string;
  qualification: { allowed: boolean; reasons: Reason[]; warnings: Reason[] } | null;
  window: PrescriptionWindow | null;
  reversedAuthorizations: unknown[];
}

/** POST /patients/{id}/contraception. */
export interface RecordedContraception {
  id: string;
  /** Kept optional: the form shows none when the answer has none. */
  warnings?: Reason[];
}

/** POST /patients/{id}/prescriptions: whether the prescription can be filled now, and why not. */
export interface WrittenPrescription {
  id: string;
  fillability: { allowed: boolean; reasons: Reason[]; warnings: Reason[]; doNotDispenseAfter?: string | null };
  interactionWarnings: Reason[];
}

// ---- The monthly visit (issue 10: src/services/patients/monthlyVisit.ts) ----

export type MonthlyVisitPart = 'pregnancyTest' | 'contraception' | 'counseling' | 'prescription';

/** GET /patients/{id}/monthly-visit: what this month needs, what is carried forward, the verdict. */
export type MonthlyVisitDraft = MonthlyVisitPlan & {
  id: string;
  canSubmit: Record<MonthlyVisitPart, boolean>;
  verdict: PatientStatus;
};

/** POST /patients/{id}/monthly-visit: what each part recorded and the fill verdict after it. */
export interface RecordedMonthlyVisit {
  id: string;
  recorded: Partial<Record<MonthlyVisitPart, unknown>>;
  verdict: PatientStatus;
}

/** GET /patients/{id}/prescription-preview. */
export type PrescriptionPreview = DomainPrescriptionPreview & { id: string; asOf: string };

// ---- Clinical (src/api/routes/clinical.ts, src/services/clinical) ----

/** GET /patients/{id}/clinical, as the care team reads it. */
export type ClinicalReview = DomainClinicalReview & { id: string; labThresholds: LabThresholds };

/** GET /patients/{id}/clinical, as the patient reads it: their figures, not the care team's alerts. */
export type ClinicalReviewForPatient = Omit<ClinicalReview, 'alerts' | 'openAlerts'> & {
  /** What the alerts tell the patient (crisis lines, education). */
  messages: string[];
};

/** One lab result of the clinical review, with its band. */
export type LabEntry = ClinicalReview['labs'][number];

/** POST /patients/{id}/lab-results: the result classified, and the next lab due. */
export interface RecordedLabResult {
  id: string;
  classification: LabClassification;
  nextLab: ClinicalReview['nextLab'];
}

/** POST /patients/{id}/phq9, as the patient reads it. */
export interface RecordedPhq9 {
  id: string;
  answeredOn: string;
  total: number | null;
  band: string | null;
  changeFromBaseline: number | null;
  messages: string[];
}

/** POST /patients/{id}/symptom-reports, as the patient reads it. */
export interface RecordedSymptoms {
  id: string;
  reportedOn: string;
  entries: Array<{ symptom: string; severity: SymptomSeverity }>;
  messages: string[];
  /** The messages with their alert's code and severity ('urgent': stop and call, or emergency care). */
  advice: Array<{ code: string; severity: 'urgent' | 'warning' | 'info'; text: string; /** The symptoms that raised it. */ symptoms?: string[] }>;
}

/** POST /lab-imports: what was stored, and each row that was not, with its line. */
export interface LabImportReport {
  id: string;
  fileName: string;
  rows: number;
  accepted: number;
  rejected: number;
  fileErrors: { row: number; column: string | null; message: string }[];
  rowErrors: { row: number; column: string | null; message: string }[];
  ignoredColumns: string[];
}

/** GET /worklist: one patient who needs something. */
export interface WorklistEntry {
  patientId: string;
  programId: string;
  name: string;
  state: ProgramState;
  /** Lower is more urgent: 0 urgent alert or pregnancy hold, 1 window closing, 2 overdue, 3 warning, 4 due soon. */
  urgency: number;
  dueOn: string | null;
  /** The state's badge only (the patient's page has the headline and steps). */
  summary: Pick<PatientStateSummary, 'tone' | 'label'>;
  items: WorklistItem[];
}

/** GET /worklist: a page of the list (`?limit=`, default 50; `?after=` the `next` of the page before). */
export interface Worklist {
  asOf: string;
  /** How many items each triage group holds in the whole list, not only this page. */
  groups: Record<WorklistGroup, number>;
  patients: WorklistEntry[];
  /** Routine items snoozed and not yet back, the soonest back first. */
  snoozed: Array<{ patientId: string; programId: string; name: string; itemCode: string; until: string }>;
  /** The cursor of the next page, null on the last. */
  next: string | null;
}

/** GET /inbox answers a list of these: the reminders delivered to the person logged in. */
export interface InboxMessage {
  id: string;
  kind: string;
  subject: string;
  body: string;
  dueOn: string;
  deliveredAt: string | null;
  read: boolean;
  /** Its task is done, as the facts say today (derived on every read, never stored). */
  done: boolean;
}

// ---- Pharmacy (src/api/routes/pharmacy.ts, src/services/pharmacy) ----

/** An authorization as the pharmacy sees it (requestAuthorization.ts authorizationView). */
export interface AuthorizationView {
  id: string;
  /** Null outside the US: the pharmacist's checklist has no authorization number (issue 14). */
  rmaNumber: string | null;
  prescriptionId: string;
  requestedOn: string;
  /** The binding date: the earlier of isocourse's and the REMS system's (D-4); outside the US the last day to dispense, null where the program has none (Australia). */
  doNotDispenseAfter: string | null;
  ruleSet: string;
  remsRmaNumber: string | null;
  /** The attempts to reach the program's own system for its RMA number (issue 12, item 5). */
  programSystem: {
    state: 'notTried' | 'unavailable' | 'numberRecorded';
    attempts: number;
    lastAttempt: { attemptedAt: string; outcome: 'reached' | 'unavailable' | 'error'; errorText: string | null } | null;
  };
}

/** POST /authorizations/{id}/program-attempts. */
export interface ProgramAttemptAnswer {
  id: string;
  outcome: string;
  authorization: AuthorizationView;
  programOutage: { since: string; attempts: number; closesOn: string; atRisk: boolean } | null;
}

/** GET /pharmacy/patients: only what a dispense needs. */
export interface PharmacyPatient {
  id: string;
  programId: string;
  name: string;
  state: ProgramState;
  /** The words and badge tone for her state, from the one function every page uses. */
  summary: PatientStateSummary;
  window: PrescriptionWindow | null;
  blockers: Reason[];
  /** The rule set's key today ('REMS-2026', 'UK-2026'; empty when her practice has no program). */
  ruleSet: string;
  /** Outside the US: her fills go through the pharmacist's checklist (POST /pharmacy/checklist-dispenses), not an authorization. */
  checklist: boolean;
  /** The prescriptions not yet dispensed. */
  prescriptions: Omit<Prescription, 'recordedAt'>[];
  /** The active authorizations (not dispensed, not reversed, not past their date). */
  authorizations: AuthorizationView[];
  /** Between fills (a dispense, no prescription since): the last dispense and what the next fill needs (issue 10). */
  lastDispense: { dispensedOn: string; product: Product; strengthMg: number; quantity: number; daysSupply: number } | null;
  nextFill: NextFill | null;
  asOf: string;
}

/** POST /authorizations. */
export interface AuthorizationAnswer {
  id: string;
  /** False when the same request had already been answered: the authorization already issued. */
  created: boolean;
  authorization: AuthorizationView;
  warnings: Reason[];
}

/** POST /authorizations/{id}/rems-confirmation. */
export interface RemsConfirmationAnswer {
  id: string;
  authorization: AuthorizationView;
}

/** POST /pharmacy/checklist-dispenses (outside the US: the pharmacist's checklist and the dispense, src/services/pharmacy/checklistDispense.ts). */
export interface ChecklistDispenseAnswer {
  /** The dispense's id. */
  id: string;
  /** The checklist's record (no RMA number). */
  checklistId: string;
  prescriptionId: string;
  dispensedOn: string;
  /** The key the checklist was judged under ('UK-2026', 'EU-PPP-2018+IT', 'AU+ACT'). */
  ruleSet: string;
  /** The last day the prescription could be dispensed; null where the program has no window (Australia). */
  lastDayToDispense: string | null;
  warnings: Reason[];
}

/** POST /authorizations/{id}/dispense. */
export interface DispenseAnswer {
  id: string;
  authorizationId: string;
  dispensedOn: string;
  product: Product;
  strengthMg: number;
  quantity: number;
  daysSupply: number;
  warnings: Reason[];
}

/** One waiting fill of GET /pharmacy/authorizations (waitingFills.ts). */
export interface WaitingFill {
  authorizationId: string;
  /** The RMA number the REMS system returned when recorded, else isocourse's own. */
  rmaNumber: string;
  remsConfirmed: boolean;
  requestedOn: string;
  /** The binding date: the earlier of isocourse's and the REMS system's (D-4). */
  doNotDispenseAfter: string;
  ruleSet: string;
  /** active: can be dispensed today; overdue: its date has passed, reverse it. */
  state: 'active' | 'overdue';
  /** Program system unavailable: no RMA number from it yet; atRisk: the window closes within the outage horizon. */
  programOutage: { lastAttemptAt: string; atRisk: boolean } | null;
  patient: { name: string; programId: string };
  prescription: Omit<Prescription, 'refills' | 'recordedAt'>;
}

/** GET /pharmacy/authorizations: the pharmacy's waiting fills, soonest date first. */
export interface WaitingFills {
  asOf: string;
  fills: WaitingFill[];
}

// ---- Orders (src/api/routes/orders.ts, src/services/orders) ----

export type { DeliveryAddress, OrderState } from '../../src/domain/orders';
import type { DeliveryAddress, OrderState } from '../../src/domain/orders';

/** One order as GET/POST …/orders answer it: its facts and the state derived from them. */
export interface OrderView {
  id: string;
  prescriptionId: string;
  pharmacy: { id: string; name: string };
  placedOn: string;
  product: Product;
  strengthMg: number;
  quantity: number;
  daysSupply: number;
  deliveryAddress: DeliveryAddress;
  state: OrderState;
  /** The date the program imposes on the next step (window's last day; do-not-dispense-after date). */
  deadline: string | null;
  /** Why it is stopped, or what stands between it and its authorization now, each with what to do. */
  reasons: Reason[];
  /** Outside the US the checklist's record has no RMA number (null) and, in Australia, no last day. */
  authorization: { id: string; rmaNumber: string | null; requestedOn: string; doNotDispenseAfter: string | null } | null;
  dispensedOn: string | null;
  packedOn: string | null;
  shipment: { shippedOn: string; carrier: string; trackingNumber: string; promisedDays: number } | null;
  deliveryDueBy: string | null;
  deliveryOverdue: boolean;
  deliveredOn: string | null;
  cancellation: { cancelledOn: string; by: 'patient' | 'pharmacy'; reason: string } | null;
  /** Money in whole cents, derived from the charge, payments and refunds. */
  payment: OrderPayment;
}

/** POST /patients/{id}/orders, …/cancel and the pharmacy's steps. */
export interface OrderAnswer {
  id: string;
  order: OrderView;
  warnings?: Reason[];
}

/** GET /patients/{id}/orders: newest first. */
export interface PatientOrders {
  asOf: string;
  orders: OrderView[];
}

/** One row of GET /pharmacy/orders. */
export type QueuedOrder = OrderView & { patient: { name: string; programId: string } };

/** GET /pharmacy/orders/{orderId}: one of the pharmacy's orders, in any state. */
export interface PharmacyOrder {
  asOf: string;
  order: QueuedOrder;
}

/** GET /patients/{id}/orders/{orderId}. */
export interface PatientOrder {
  asOf: string;
  order: OrderView;
}

/** GET /pharmacy/orders: overdue deliveries first, then the soonest deadline. */
export interface PharmacyOrderQueue {
  asOf: string;
  orders: QueuedOrder[];
}

/** GET /pharmacies. */
export interface Pharmacies {
  /** `prices`: the prices in force today, by strength. */
  pharmacies: Array<{ id: string; name: string; prices: PriceEntry[] }>;
}

/** Support about an order (issue 6): who wrote a message. */
export type SupportSide = 'patient' | 'pharmacy';

/** One message of a support thread (routes/support.ts). */
export interface SupportMessage {
  id: string;
  from: SupportSide;
  /** The patient's name, or the pharmacy's. */
  authorName: string;
  body: string;
  /** An instant (ISO 8601): show it in the clinic time zone. */
  sentAt: string;
}

/** Whether a thread waits for the pharmacy, since when, and against which target. */
export interface SupportThreadState {
  waitingForPharmacy: boolean;
  waitingSince: string | null;
  hoursWaited: number | null;
  dueAt: string | null;
  overTarget: boolean;
  lastAnsweredAt: string | null;
  lastMessageAt: string | null;
}

/** GET/POST /patients/{id}/orders/{orderId}/messages, GET/POST /pharmacy/orders/{orderId}/messages. */
export interface SupportThread {
  id: string;
  order: { id: string; placedOn: string; state: OrderState; pharmacy: { id: string; name: string } };
  /** The response target, in hours (48 unless configured). */
  responseHours: number;
  state: SupportThreadState;
  messages: SupportMessage[];
}

/** GET /patients/{id}/messages: the patient's threads, latest message first. */
export interface PatientSupportThreads {
  threads: Array<{
    orderId: string;
    placedOn: string;
    pharmacy: { id: string; name: string };
    messageCount: number;
    lastMessageAt: string;
    lastFrom: SupportSide;
    waitingForPharmacy: boolean;
  }>;
}

/** One row of the pharmacy's support queue. */
export interface QueuedSupportThread {
  orderId: string;
  orderState: OrderState;
  placedOn: string;
  patient: { name: string; programId: string };
  messageCount: number;
  waitingSince: string | null;
  hoursWaited: number | null;
  dueAt: string | null;
  overTarget: boolean;
  lastMessageAt: string;
  lastAnsweredAt: string | null;
}

/** GET /pharmacy/support: waiting threads (longest wait first) and those answered in the last 7 days. */
export interface SupportQueue {
  asOf: string;
  responseHours: number;
  waiting: QueuedSupportThread[];
  recentlyAnswered: QueuedSupportThread[];
}

/** Service feedback (issue 6): the three ratings of the pharmacy's service, 1–5 each. */
export interface ServiceRatings {
  delivery: number;
  packaging: number;
  support: number;
}

/** Where a feedback's comment stands, derived from the latest moderation decision. */
export type CommentStatus = 'noComment' | 'awaitingModeration' | 'published' | 'rejected';

export interface FeedbackModeration {
  decision: 'published' | 'rejected';
  reason: string | null;
  decidedOn: string;
}

/** One patient's feedback on one order (feedbackFacts.ts: feedbackView). */
export interface ServiceFeedbackView {
  id: string;
  orderId: string;
  ratings: ServiceRatings;
  comment: string | null;
  submittedOn: string;
  commentStatus: CommentStatus;
  moderation: FeedbackModeration | null;
  /** What the claim screen found in the comment: such a comment cannot be published. */
  warnings: Reason[];
}

/** GET (and POST) /patients/{id}/orders/{orderId}/feedback. */
export interface OrderFeedback {
  order: { id: string; state: string; deliveredOn: string | null; pharmacy: { id: string; name: string } };
  feedback: ServiceFeedbackView | null;
  mayRate: { allowed: boolean; reasons: Reason[] };
}

/** GET /pharmacy/feedback: the pharmacy's moderation queue. */
export interface FeedbackModerationQueue {
  asOf: string;
  awaiting: ServiceFeedbackView[];
  recentlyDecided: ServiceFeedbackView[];
}

export interface RatingSummary {
  /** One decimal; null without ratings. */
  average: number | null;
  count: number;
}

/** GET /public/service-ratings (no log-in). */
export interface PublicServiceRatings {
  pharmacies: Array<{
    pharmacy: { id: string; name: string };
    ratings: { delivery: RatingSummary; packaging: RatingSummary; support: RatingSummary };
    /** Published comments: text, month (YYYY-MM) and ratings only. */
    comments: Array<{ text: string; month: string; ratings: ServiceRatings }>;
  }>;
}

// ---- Payments and refunds (src/api/routes/payments.ts, src/domain/payments.ts) ----

/**
 * An order's money, whole cents. While the order goes ahead (or was delivered) the charge stands:
 * due = charged − paid, and a refund lowers what was paid net. Once it is cancelled, stopped or
 * refunded, due = 0 and what was paid net is owedBack until it is refunded.
 */
export interface OrderPayment {
  /** 'offline': pay at pickup or against the pharmacy's invoice. */
  provider: string;
  unitPriceCents: number | null;
  /** The order's price, fixed when it was placed. */
  charged: number;
  paid: number;
  refunded: number;
  /** paid − refunded */
  netPaid: number;
  due: number;
  owedBack: number;
  payments: Array<{ provider: string; amountCents: number; receivedOn: string; reference: string }>;
  refunds: Array<{ amountCents: number; reason: string; refundedOn: string }>;
}

/** One entry of a pharmacy's price list: per capsule of a strength, from a day on. */
export interface PriceEntry {
  strengthMg: number;
  unitPriceCents: number;
  effectiveOn: string;
}

/** GET and POST /pharmacy/prices: the prices in force today and those set for a later day. */
export interface PriceList {
  asOf: string;
  prices: PriceEntry[];
  upcoming: PriceEntry[];
}

/** GET /pharmacy/payments/summary?from&to: the sums of the balances of the orders placed in the range. */
export interface PaymentSummary {
  from: string;
  to: string;
  asOf: string;
  orders: number;
  charged: number;
  paid: number;
  refunded: number;
  netPaid: number;
  due: number;
  owedBack: number;
}

// ---- Issue 10: the prescription goes to a pharmacy (src/services/pharmacy/patientPharmacy.ts,
// namedPrescription.ts, pharmacyQueue.ts; the verdict is the domain's, src/domain/pharmacyVerdict.ts) ----

export type { PrescriptionVerdict, NextFill };

export interface PharmacyRef {
  id: string;
  name: string;
}

/** GET and POST /patients/{id}/pharmacy. */
export interface PatientPharmacy {
  id: string;
  pharmacy: PharmacyRef | null;
  choices: PharmacyRef[];
}

/** GET /pharmacies/usual: what the enrollment form offers. */
export interface UsualPharmacy {
  pharmacy: PharmacyRef | null;
  patients: number;
  choices: PharmacyRef[];
}

export type CounterPrescription = Omit<Prescription, 'recordedAt' | 'refills'>;

/** GET /pharmacy/prescriptions/{id}: what the pharmacy a prescription names sees. */
export interface NamedPrescription {
  id: string;
  asOf: string;
  patient: { name: string; programId: string };
  prescription: CounterPrescription;
  verdict: PrescriptionVerdict;
  /** Her practice is outside the US: the one step is the pharmacist's checklist and the dispense. */
  checklist: boolean;
}

export interface ExpectedPrescription {
  prescriptionId: string;
  patient: { name: string; programId: string };
  prescription: CounterPrescription;
  verdict: PrescriptionVerdict;
}

/** GET /pharmacy/queue: the pharmacy's home. */
export interface PharmacyQueue {
  asOf: string;
  overdueDeliveries: QueuedOrder[];
  supportPastTarget: QueuedSupportThread[];
  expected: ExpectedPrescription[];
  truncated: boolean;
}

/** POST /pharmacy/prescriptions/{id}/authorize-and-dispense. */
export interface AuthorizeAndDispenseAnswer {
  id: string;
  prescriptionId: string;
  authorizationCreated: boolean;
  authorization: AuthorizationView;
  dispense: Omit<DispenseAnswer, 'warnings'>;
  warnings: Reason[];
  next: NextFill;
}

// ---- The patient's own part of the month and her wallet card (issue 10, item 2) ----

/** GET /patients/{id}/monthly-check. */
export interface MonthlyCheck {
  id: string;
  asOf: string;
  category: RiskCategory | null;
  comprehension: { due: boolean; lastPassedOn: string | null };
  contraception: {
    required: boolean;
    due: boolean;
    last: { declaredOn: string; methods: string[]; abstinence: boolean; startedOn: string; enteredBy: string } | null;
    sameAsLastMonth: { allowed: boolean; reasons: Reason[]; warnings: Reason[] } | null;
  };
}

/** POST /patients/{id}/monthly-check. */
export interface RecordedMonthlyCheck {
  id?: string;
  comprehension: { id: string; answeredOn: string; passed: boolean } | null;
  contraception: { id: string; declaredOn: string; methods: string[]; abstinence: boolean; startedOn: string } | null;
  warnings: Reason[];
}

/** GET /patients/{id}/wallet-card. */
export interface WalletCard {
  id: string;
  programId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  pharmacy: { id: string; name: string } | null;
}
