// Kysely's view of the tables in migrations/. Keep in step with the SQL: one interface a table.
import type { ColumnType, Generated } from 'kysely';

/** A DATE column: read and written as 'YYYY-MM-DD' (see database.ts type parsers). */
type DateColumn = string;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface OrganizationsTable {
  id: Generated<string>;
  kind: 'practice' | 'pharmacy';
  name: string;
  time_zone: Generated<string>;
  cumulative_target_mg_per_kg: Generated<number>;
  created_at: CreatedAt;
  /** A pharmacy's NCPDP Provider ID and NPI (0018): how a SCRIPT message names it. */
  ncpdp_id: Generated<string | null>;
  npi: Generated<string | null>;
  /** The program's jurisdiction (0027; domain/programs/jurisdictions.ts); null: not configured (P-27). */
  jurisdiction: Generated<string | null>;
}

/** An organization's setting of a program parameter (0027): append-only facts, the latest per key and effective day in force. */
export interface OrganizationProgramSettingsTable {
  id: Generated<string>;
  organization_id: string;
  key: string;
  value: ColumnType<unknown, string, never>;
  effective_from: DateColumn;
  source: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  display_name: string;
  /** 'client': the user row a registered machine client acts through (0015); it never logs in. */
  role: 'admin' | 'prescriber' | 'delegate' | 'pharmacist' | 'patient' | 'client';
  organization_id: string | null;
  supervising_prescriber_id: string | null;
  created_at: CreatedAt;
  /** A prescriber's National Provider Identifier (0015): how an EHR names who signed. */
  npi: string | null;
  /** The language the person reads the app and her reminders in (0028): 'en' or 'es'. */
  language: Generated<'en' | 'es'>;
}

export interface CertificationsTable {
  id: Generated<string>;
  user_id: string | null;
  organization_id: string | null;
  status: 'certified' | 'suspended' | 'revoked';
  effective_on: DateColumn;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  last_seen_at: Date;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  attempted_at: Date;
  email: string;
  ip: string | null;
  succeeded: boolean;
  /** Recorded before the password was checked, not settled yet (0024): counted as a failure. */
  pending: Generated<boolean>;
}

export interface PatientsTable {
  id: Generated<string>;
  program_id: string;
  given_name: string;
  family_name: string;
  birth_date: DateColumn;
  prescriber_id: string;
  practice_id: string;
  user_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  /** The pharmacy the patient uses (0012): chosen at enrollment or later. */
  pharmacy_id: string | null;
}

interface RecordedFact {
  id: Generated<string>;
  patient_id: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CategoryAssignmentsTable extends RecordedFact {
  category: 'PCGP' | 'PCNGP';
  criterion: string;
  reason: string | null;
  effective_on: DateColumn;
}

export interface ConsentsTable extends RecordedFact {
  kind: 'general' | 'birthDefects' | 'guardian';
  signed_on: DateColumn;
}

export interface CounselingAttestationsTable extends RecordedFact {
  prescriber_id: string;
  counseled_on: DateColumn;
  modality: 'inPerson' | 'telehealth';
}

export interface ContraceptionDeclarationsTable extends RecordedFact {
  declared_on: DateColumn;
  methods: string[];
  abstinence: boolean;
  started_on: DateColumn;
  takes_enzyme_inducer: boolean;
  entered_by: 'prescriber' | 'delegate' | 'patient';
}

export interface ComprehensionChecksTable extends RecordedFact {
  answered_on: DateColumn;
  passed: boolean;
}

export interface PregnancyTestsTable extends RecordedFact {
  kind: string;
  specimen_date: DateColumn;
  result_date: DateColumn;
  result: string;
  setting: string;
  clia: boolean;
  sensitivity_miu_per_ml: number | null;
  home_evidence: ColumnType<unknown, string | null, string | null>;
  /** The rule-set key it was judged by on its own day (0032; null before). */
  judged_by: string | null;
}

export interface HomeTestingOptInsTable extends RecordedFact {
  opted_in_on: DateColumn;
  procedure: string;
}

export interface PrescriptionsTable extends RecordedFact {
  prescriber_id: string;
  written_on: DateColumn;
  product: string;
  strength_mg: number;
  capsules_per_day: number;
  days_supply: number;
  quantity: number;
  refills: number;
  /** The pharmacy the prescription goes to (0012). */
  pharmacy_id: string | null;
  /** The rule-set key the prescription was judged under (0030; null before it). */
  judged_by: string | null;
  /** Italy: the day the doctor certified non-pregnancy (0030). */
  certified_on: DateColumn | null;
}

export interface AuthorizationsTable {
  id: Generated<string>;
  prescription_id: string;
  patient_id: string;
  pharmacy_id: string;
  /** Null outside the US: no authorization number there (0030). */
  rma_number: string | null;
  requested_on: DateColumn;
  /** Null where the program has no dispensing window (Australia, 0030). */
  do_not_dispense_after: DateColumn | null;
  rule_set: string;
  requested_by: string;
  recorded_at: CreatedAt;
}

export interface RemsConfirmationsTable {
  id: Generated<string>;
  authorization_id: string;
  rems_rma_number: string;
  do_not_dispense_after: DateColumn;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** An attempt to reach the program's own system for an authorization's RMA number (migrations/0022). */
export interface ProgramSystemAttemptsTable {
  id: Generated<string>;
  authorization_id: string;
  patient_id: string;
  attempted_at: ColumnType<Date, Date | string, never>;
  outcome: 'reached' | 'unavailable' | 'error';
  error_text: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface AuthorizationReversalsTable {
  id: Generated<string>;
  authorization_id: string;
  reversed_on: DateColumn;
  reason: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface DispensesTable {
  id: Generated<string>;
  authorization_id: string;
  dispensed_on: DateColumn;
  product: string;
  strength_mg: number;
  quantity: number;
  days_supply: number;
  medication_guide_given: boolean;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CourseEndsTable extends RecordedFact {
  last_dose_on: DateColumn;
  reason: string;
}

export interface CourseRestartsTable extends RecordedFact {
  restarted_on: DateColumn;
  reason: string | null;
}

export interface PregnancyReportsTable extends RecordedFact {
  reported_on: DateColumn;
  note: string | null;
}

export interface PregnancyClearancesTable extends RecordedFact {
  cleared_on: DateColumn;
  reason: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: CreatedAt;
  actor_id: string | null;
  action: string;
  patient_id: string | null;
  entity: string | null;
  entity_id: string | null;
  outcome: string;
  ip: string | null;
  detail: ColumnType<unknown, string | null, never>;
  /** The hash chain (0005_audit_chain): NULL until the sealer (auditChain.ts) chains the row, then fixed. */
  chain_seq: ColumnType<number | null, never, never>;
  prev_hash: ColumnType<Buffer | null, never, never>;
  row_hash: ColumnType<Buffer | null, never, never>;
}

export interface IdempotencyKeysTable {
  key: string;
  user_id: string;
  request_hash: string;
  status_code: number;
  response_body: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
}

export interface WeightMeasurementsTable extends RecordedFact {
  measured_on: DateColumn;
  weight_kg: number;
  entered_value: number;
  entered_unit: 'kg' | 'lb';
  implausible_confirmed: Generated<boolean>;
}

export interface DosePlansTable extends RecordedFact {
  product: string;
  steps: ColumnType<unknown, string, never>;
  target_mg_per_kg: number;
  weight_basis: 'courseStart' | 'latest';
}

export interface MissedDosesTable extends RecordedFact {
  from_date: DateColumn;
  to_date: DateColumn;
  reason: string | null;
  /** Entered by the patient: a report that counts only once the care team confirms it (missed_dose_reviews). */
  reported_by_patient: Generated<boolean>;
}

export interface MissedDoseReviewsTable extends RecordedFact {
  missed_dose_id: string;
  decision: 'confirmed' | 'declined';
  note: string | null;
}

export interface LookupFailuresTable {
  id: Generated<string>;
  attempted_at: Date;
  user_id: string;
  program_id: string;
}

export interface RiskFlagsTable extends RecordedFact {
  flag: string;
  noted_on: DateColumn;
}

export interface LabImportsTable {
  id: Generated<string>;
  file_name: string;
  row_count: number;
  accepted: number;
  rejected: number;
  report: ColumnType<unknown, string, never>;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface LabResultsTable extends RecordedFact {
  analyte: string;
  value: number;
  unit: string;
  reference_low: number | null;
  reference_high: number | null;
  collected_on: DateColumn;
  fasting: boolean | null;
  hours_since_alcohol: number | null;
  muscle_symptoms: boolean | null;
  liver_symptoms: boolean | null;
  import_id: string | null;
}

export interface Phq9ResponsesTable extends RecordedFact {
  answered_on: DateColumn;
  answers: number[];
}

export interface SymptomReportsTable extends RecordedFact {
  reported_on: DateColumn;
  entries: ColumnType<unknown, string, never>;
  note: string | null;
}

export interface MedicationsTable extends RecordedFact {
  medication_code: string;
  free_text: string;
  started_on: DateColumn | null;
  stopped_on: DateColumn | null;
}

export interface InteractionOverridesTable extends RecordedFact {
  code: string;
  reason: string;
}

export interface AlertAcknowledgementsTable extends RecordedFact {
  alert_key: string;
  note: string | null;
}

export interface OutboxMessagesTable {
  id: Generated<string>;
  patient_id: string;
  recipient_user_id: string | null;
  kind: string;
  subject: string;
  body: string;
  due_on: DateColumn;
  channel: 'inbox' | 'smtp';
  dedupe_key: string;
  created_at: CreatedAt;
  delivered_at: Date | null;
  read_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  /** Until when a server's delivery run holds it (migrations/0023). */
  claimed_until: Date | null;
  claimed_by: string | null;
}

/** One server at a time runs each of these tasks (migrations/0023_scheduled_work_claims.sql). */
export interface ScheduledWorkLeasesTable {
  task: string;
  leased_until: Date | null;
  leased_by: string | null;
}

export interface WorklistEntriesTable {
  patient_id: string;
  prescriber_id: string;
  fact_version: Generated<string>;
  needs_refresh: Generated<boolean>;
  computed_on: DateColumn | null;
  valid_until: DateColumn | null;
  urgency: number | null;
  due_on: DateColumn | null;
  state: string | null;
  items: ColumnType<unknown, string | undefined, string>;
  summary: ColumnType<unknown, string | null | undefined, string | null>;
  /** How many of `items` are in each group (0025: generated by PostgreSQL from `items`, never written). */
  urgent_items: ColumnType<number, never, never>;
  blocks_fill_items: ColumnType<number, never, never>;
  due_soon_items: ColumnType<number, never, never>;
  routine_items: ColumnType<number, never, never>;
}

export interface WorklistSnoozesTable {
  id: Generated<string>;
  patient_id: string;
  item_code: string;
  snoozed_on: DateColumn;
  snoozed_until: DateColumn;
  reason: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface OrdersTable {
  id: Generated<string>;
  patient_id: string;
  prescription_id: string;
  pharmacy_id: string;
  placed_on: DateColumn;
  quantity: number;
  strength_mg: number;
  recipient: string;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string;
  postal_code: string;
  placed_by: string;
  recorded_at: CreatedAt;
}

export interface OrderPackingsTable {
  id: Generated<string>;
  order_id: string;
  packed_on: DateColumn;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface OrderShipmentsTable {
  id: Generated<string>;
  order_id: string;
  shipped_on: DateColumn;
  carrier: string;
  tracking_number: string;
  promised_days: number;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface OrderDeliveriesTable {
  id: Generated<string>;
  order_id: string;
  delivered_on: DateColumn;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface OrderCancellationsTable {
  id: Generated<string>;
  order_id: string;
  cancelled_on: DateColumn;
  cancelled_by: 'patient' | 'pharmacy';
  reason: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface PharmacyPricesTable {
  id: Generated<string>;
  pharmacy_id: string;
  strength_mg: number;
  unit_price_cents: number;
  effective_on: DateColumn;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface OrderChargesTable {
  order_id: string;
  provider: string;
  unit_price_cents: number;
  amount_cents: number;
  charged_on: DateColumn;
  recorded_at: CreatedAt;
}

export interface OrderPaymentsTable {
  id: Generated<string>;
  order_id: string;
  provider: string;
  amount_cents: number;
  received_on: DateColumn;
  reference: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface OrderRefundsTable {
  id: Generated<string>;
  order_id: string;
  amount_cents: number;
  reason: string;
  refunded_on: DateColumn;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface SupportMessagesTable {
  id: Generated<string>;
  order_id: string;
  author_side: 'patient' | 'pharmacy';
  author_id: string;
  body: string;
  sent_at: Date;
  recorded_at: CreatedAt;
}

export interface ServiceFeedbackTable {
  id: Generated<string>;
  order_id: string;
  patient_id: string;
  pharmacy_id: string;
  delivery: number;
  packaging: number;
  support: number;
  comment: string | null;
  submitted_on: DateColumn;
  submitted_by: string;
  recorded_at: CreatedAt;
}

export interface FeedbackModerationsTable {
  id: Generated<string>;
  feedback_id: string;
  decision: 'published' | 'rejected';
  reason: string | null;
  decided_on: DateColumn;
  decided_by: string;
  recorded_at: CreatedAt;
}

// Safe entries (migrations/0013_safe_entries.sql).
export interface ContraceptionFailureReportsTable extends RecordedFact {
  reported_on: DateColumn;
  kind: 'unprotectedIntercourse' | 'contraceptionFailure' | 'latePeriod';
  note: string | null;
}

export interface EnrollmentDuplicateOverridesTable {
  patient_id: string;
  reason: string;
  matched_patient_ids: string[];
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface AccountActivationsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  created_by: string;
  created_at: CreatedAt;
}

export interface AccountActivationUsesTable {
  activation_id: string;
  used_at: Date;
}

/** A prescription recorded from an NCPDP SCRIPT NewRx (0018): what the pharmacy's RxFill names it by. */
export interface NcpdpNewRxTable {
  prescription_id: string;
  practice_id: string;
  message_id: string;
  prescriber_order_number: string | null;
  received_at: CreatedAt;
}

/** A machine registered by an administrator (0015): an EHR for a practice or a pharmacy system. */
export interface InteropClientsTable {
  id: Generated<string>;
  client_id: string;
  name: string;
  organization_id: string;
  user_id: string;
  jwks: ColumnType<unknown, string | null, string | null> | null;
  jwks_url: string | null;
  scopes: string[];
  registered_by: string;
  registered_at: CreatedAt;
}

export interface InteropClientRevocationsTable {
  client_id: string;
  revoked_by: string;
  revoked_at: CreatedAt;
}

export interface InteropAccessTokensTable {
  token_hash: string;
  client_id: string;
  scopes: string[];
  issued_at: Date;
  expires_at: Date;
}

export interface InteropAssertionIdsTable {
  client_id: string;
  jti: string;
  expires_at: Date;
}

/** An Observation an EHR sent, by its identifier, and the fact it was recorded as (0019). */
export interface FhirObservationImportsTable {
  organization_id: string;
  identifier_system: string;
  identifier_value: string;
  patient_id: string;
  lab_result_id: string | null;
  weight_measurement_id: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface Database {
  organizations: OrganizationsTable;
  organization_program_settings: OrganizationProgramSettingsTable;
  users: UsersTable;
  certifications: CertificationsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  patients: PatientsTable;
  category_assignments: CategoryAssignmentsTable;
  consents: ConsentsTable;
  counseling_attestations: CounselingAttestationsTable;
  contraception_declarations: ContraceptionDeclarationsTable;
  comprehension_checks: ComprehensionChecksTable;
  pregnancy_tests: PregnancyTestsTable;
  home_testing_opt_ins: HomeTestingOptInsTable;
  prescriptions: PrescriptionsTable;
  authorizations: AuthorizationsTable;
  rems_confirmations: RemsConfirmationsTable;
  program_system_attempts: ProgramSystemAttemptsTable;
  authorization_reversals: AuthorizationReversalsTable;
  dispenses: DispensesTable;
  course_ends: CourseEndsTable;
  course_restarts: CourseRestartsTable;
  pregnancy_reports: PregnancyReportsTable;
  pregnancy_clearances: PregnancyClearancesTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  weight_measurements: WeightMeasurementsTable;
  dose_plans: DosePlansTable;
  missed_doses: MissedDosesTable;
  missed_dose_reviews: MissedDoseReviewsTable;
  lookup_failures: LookupFailuresTable;
  risk_flags: RiskFlagsTable;
  lab_imports: LabImportsTable;
  lab_results: LabResultsTable;
  phq9_responses: Phq9ResponsesTable;
  symptom_reports: SymptomReportsTable;
  medications: MedicationsTable;
  interaction_overrides: InteractionOverridesTable;
  alert_acknowledgements: AlertAcknowledgementsTable;
  outbox_messages: OutboxMessagesTable;
  worklist_entries: WorklistEntriesTable;
  orders: OrdersTable;
  order_packings: OrderPackingsTable;
  order_shipments: OrderShipmentsTable;
  order_deliveries: OrderDeliveriesTable;
  order_cancellations: OrderCancellationsTable;
  pharmacy_prices: PharmacyPricesTable;
  order_charges: OrderChargesTable;
  order_payments: OrderPaymentsTable;
  order_refunds: OrderRefundsTable;
  support_messages: SupportMessagesTable;
  service_feedback: ServiceFeedbackTable;
  feedback_moderations: FeedbackModerationsTable;
  worklist_snoozes: WorklistSnoozesTable;
  contraception_failure_reports: ContraceptionFailureReportsTable;
  enrollment_duplicate_overrides: EnrollmentDuplicateOverridesTable;
  account_activations: AccountActivationsTable;
  account_activation_uses: AccountActivationUsesTable;
  ncpdp_new_rx: NcpdpNewRxTable;
  interop_clients: InteropClientsTable;
  interop_client_revocations: InteropClientRevocationsTable;
  interop_access_tokens: InteropAccessTokensTable;
  interop_assertion_ids: InteropAssertionIdsTable;
  patient_links: PatientLinksTable;
  patient_match_reviews: PatientMatchReviewsTable;
  patient_match_decisions: PatientMatchDecisionsTable;
  fhir_export_jobs: FhirExportJobsTable;
  fhir_export_files: FhirExportFilesTable;
  fhir_observation_imports: FhirObservationImportsTable;
  scheduled_work_leases: ScheduledWorkLeasesTable;
  reproductive_facts: ReproductiveFactsTable;
  program_exemptions: ProgramExemptionsTable;
  acknowledgement_forms: AcknowledgementFormsTable;
  program_assessments: ProgramAssessmentsTable;
  second_prescriber_agreements: SecondPrescriberAgreementsTable;
  program_visits: ProgramVisitsTable;
  prescriber_attributes: PrescriberAttributesTable;
}

// The facts the programs outside the US judge (0029; src/domain/programs/programFacts.ts): append-only.
export interface ReproductiveFactsTable extends RecordedFact {
  kind: 'uterusAndOvary' | 'noUterusOrNoOvaries' | 'tubalSterilisationConfirmed' | 'menopauseConfirmed';
  recorded_on: DateColumn;
}

export interface ProgramExemptionsTable extends RecordedFact {
  decided_on: DateColumn;
  prescriber_id: string;
  patient_agreed: boolean;
  reason_code: 'NOT_SEXUALLY_ACTIVE' | 'SAME_SEX_PARTNER_ONLY' | 'PREMENARCHE' | 'OTHER';
  justification: string;
  review_at: DateColumn | null;
  /** The rule-set key it was judged by on its own day (0032; null before). */
  judged_by: string | null;
}

export interface AcknowledgementFormsTable extends RecordedFact {
  form_version: 'EU-PPP-ACK-2018' | 'UK-ARF-2023' | 'UK-ARF-2026' | 'CA-ICA';
  signed_on: DateColumn;
  signed_by_patient: boolean;
  signed_by_prescriber: boolean;
  /** The rule-set key it was judged by on its own day (0032; null before). */
  judged_by: string | null;
}

export interface ProgramAssessmentsTable extends RecordedFact {
  kind: 'mentalHealth' | 'sexualFunction';
  assessed_on: DateColumn;
}

export interface SecondPrescriberAgreementsTable extends RecordedFact {
  prescriber_id: string;
  agreed_on: DateColumn;
}

export interface ProgramVisitsTable extends RecordedFact {
  visited_on: DateColumn;
  mode: 'inPerson' | 'remote';
  patient_agreed: boolean;
  /** The rule-set key it was judged by on its own day (0032; null before). */
  judged_by: string | null;
}

/** A prescriber's attributes as of a day (0029): the latest on or before an event's day applies. */
export interface PrescriberAttributesTable {
  id: Generated<string>;
  prescriber_id: string;
  effective_on: DateColumn;
  specialty: 'dermatology' | 'generalPractice' | 'psychiatry' | 'other';
  authority_state: string | null;
  authority_granted_on: DateColumn | null;
  lead_role: 'consultantDermatologist' | 'band7DermatologyNurseSpecialist' | null;
  retinoid_experience: boolean;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** An identifier of a practice's systems linked to one of its patients (0016): by the program identifier, by a review, or at her enrollment from the EHR (0020). */
export interface PatientLinksTable {
  id: Generated<string>;
  organization_id: string;
  identifier_system: string;
  identifier_value: string;
  patient_id: string;
  basis: 'programId' | 'review' | 'enrollment';
  client_id: string;
  linked_by: string;
  linked_at: CreatedAt;
}

/** A message matched by name and birth date alone (0016): what the client sent, and the candidate patient. */
export interface PatientMatchReviewsTable {
  id: Generated<string>;
  client_id: string;
  organization_id: string;
  identity_key: string;
  identifiers: ColumnType<unknown, string, never>;
  given_names: ColumnType<unknown, string, never>;
  family_name: string | null;
  birth_date: DateColumn;
  candidate_patient_id: string;
  received_by: string;
  received_at: CreatedAt;
}

/** The care team's answer to a match review (0016): the same person or not. */
export interface PatientMatchDecisionsTable {
  id: Generated<string>;
  review_id: string;
  same: boolean;
  decided_by: string;
  decided_at: CreatedAt;
}

// FHIR bulk export (migrations/0017_fhir_bulk_export.sql).
export interface FhirExportJobsTable {
  id: Generated<string>;
  requested_by: string;
  organization_id: string;
  client_id: string | null;
  actor: ColumnType<unknown, string, never>;
  level: 'system' | 'patient';
  resource_types: string[];
  request_url: string;
  requested_at: Date;
  leased_until: Date | null;
  /** Which run holds the lease (migrations/0023): only it renews and finishes the job. */
  lease_holder: string | null;
  patients_total: number | null;
  patients_done: Generated<number>;
  completed_at: Date | null;
  failure: string | null;
  cancelled_at: Date | null;
}

export interface FhirExportFilesTable {
  id: Generated<string>;
  job_id: string;
  resource_type: string;
  part: number;
  resource_count: number;
  ndjson: string;
}
