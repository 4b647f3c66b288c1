-- isocourse stores facts — things that happened, dated, with who recorded them and when — and
-- derives each patient's program status from them (src/domain). There is deliberately no status
-- column anywhere: it could drift from the facts.

CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('practice', 'pharmacy')),
  name        text NOT NULL,
  time_zone   text NOT NULL DEFAULT 'America/New_York',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email                      text NOT NULL,
  password_hash              text NOT NULL,
  display_name               text NOT NULL,
  role                       text NOT NULL CHECK (role IN ('admin', 'prescriber', 'delegate', 'pharmacist', 'patient')),
  organization_id            uuid REFERENCES organizations (id),
  -- A delegate records on behalf of one prescriber (domain.md §1.1).
  supervising_prescriber_id  uuid REFERENCES users (id),
  created_at                 timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'delegate' OR supervising_prescriber_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Certification of a prescriber (user) or a pharmacy/practice (organization), as dated facts (R-ENR-1).
CREATE TABLE certifications (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid REFERENCES users (id),
  organization_id  uuid REFERENCES organizations (id),
  status           text NOT NULL CHECK (status IN ('certified', 'suspended', 'revoked')),
  effective_on     date NOT NULL,
  recorded_by      uuid NOT NULL REFERENCES users (id),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (organization_id IS NULL))
);
CREATE INDEX certifications_user_idx ON certifications (user_id, effective_on);
CREATE INDEX certifications_organization_idx ON certifications (organization_id, effective_on);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE patients (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id     text NOT NULL UNIQUE,
  given_name     text NOT NULL,
  family_name    text NOT NULL,
  birth_date     date NOT NULL,
  prescriber_id  uuid NOT NULL REFERENCES users (id),
  practice_id    uuid NOT NULL REFERENCES organizations (id),
  user_id        uuid UNIQUE REFERENCES users (id),
  created_by     uuid NOT NULL REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patients_prescriber_idx ON patients (prescriber_id);

-- The first row of a patient is the enrollment; later rows are category changes (R-CAT-1, R-CAT-2).
CREATE TABLE category_assignments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id    uuid NOT NULL REFERENCES patients (id),
  category      text NOT NULL CHECK (category IN ('PCGP', 'PCNGP')),
  criterion     text NOT NULL,
  reason        text,
  effective_on  date NOT NULL,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX category_assignments_patient_idx ON category_assignments (patient_id);

CREATE TABLE consents (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  kind         text NOT NULL CHECK (kind IN ('general', 'birthDefects', 'guardian')),
  signed_on    date NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consents_patient_idx ON consents (patient_id);

CREATE TABLE counseling_attestations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients (id),
  prescriber_id  uuid NOT NULL REFERENCES users (id),
  counseled_on   date NOT NULL,
  modality       text NOT NULL CHECK (modality IN ('inPerson', 'telehealth')),
  recorded_by    uuid NOT NULL REFERENCES users (id),
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX counseling_attestations_patient_idx ON counseling_attestations (patient_id);

CREATE TABLE contraception_declarations (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id            uuid NOT NULL REFERENCES patients (id),
  declared_on           date NOT NULL,
  methods               text[] NOT NULL,
  abstinence            boolean NOT NULL,
  started_on            date NOT NULL,
  takes_enzyme_inducer  boolean NOT NULL DEFAULT false,
  entered_by            text NOT NULL CHECK (entered_by IN ('prescriber', 'delegate', 'patient')),
  recorded_by           uuid NOT NULL REFERENCES users (id),
  recorded_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contraception_declarations_patient_idx ON contraception_declarations (patient_id);

CREATE TABLE comprehension_checks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  answered_on  date NOT NULL,
  passed       boolean NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comprehension_checks_patient_idx ON comprehension_checks (patient_id);

CREATE TABLE pregnancy_tests (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id              uuid NOT NULL REFERENCES patients (id),
  kind                    text NOT NULL CHECK (kind IN ('screening', 'confirmation', 'monthly', 'endOfTreatment', 'postTreatment', 'unscheduled')),
  specimen_date           date NOT NULL,
  result_date             date NOT NULL CHECK (result_date >= specimen_date),
  result                  text NOT NULL CHECK (result IN ('negative', 'positive', 'invalid')),
  setting                 text NOT NULL CHECK (setting IN ('lab', 'clinic', 'home')),
  clia                    boolean NOT NULL,
  sensitivity_miu_per_ml  double precision,
  -- Home tests (R-PT-7): how the evidence was captured, who read it, the prescriber's attestation.
  home_evidence           jsonb,
  recorded_by             uuid NOT NULL REFERENCES users (id),
  recorded_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pregnancy_tests_patient_idx ON pregnancy_tests (patient_id);

CREATE TABLE home_testing_opt_ins (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients (id),
  opted_in_on    date NOT NULL,
  procedure      text NOT NULL,
  recorded_by    uuid NOT NULL REFERENCES users (id),
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX home_testing_opt_ins_patient_idx ON home_testing_opt_ins (patient_id);

CREATE TABLE prescriptions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id        uuid NOT NULL REFERENCES patients (id),
  prescriber_id     uuid NOT NULL REFERENCES users (id),
  written_on        date NOT NULL,
  product           text NOT NULL,
  strength_mg       integer NOT NULL,
  capsules_per_day  integer NOT NULL CHECK (capsules_per_day > 0),
  days_supply       integer NOT NULL CHECK (days_supply BETWEEN 1 AND 30),
  quantity          integer NOT NULL CHECK (quantity > 0),
  refills           integer NOT NULL CHECK (refills = 0),
  recorded_by       uuid NOT NULL REFERENCES users (id),
  recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prescriptions_patient_idx ON prescriptions (patient_id);

CREATE TABLE authorizations (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prescription_id        uuid NOT NULL REFERENCES prescriptions (id),
  patient_id             uuid NOT NULL REFERENCES patients (id),
  pharmacy_id            uuid NOT NULL REFERENCES organizations (id),
  rma_number             text NOT NULL UNIQUE,
  requested_on           date NOT NULL,
  do_not_dispense_after  date NOT NULL,
  rule_set               text NOT NULL,
  requested_by           uuid NOT NULL REFERENCES users (id),
  recorded_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX authorizations_patient_idx ON authorizations (patient_id);
CREATE INDEX authorizations_prescription_idx ON authorizations (prescription_id);

-- What the REMS system of record returned for an authorization (D-4): the earlier date wins.
CREATE TABLE rems_confirmations (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authorization_id       uuid NOT NULL UNIQUE REFERENCES authorizations (id),
  rems_rma_number        text NOT NULL,
  do_not_dispense_after  date NOT NULL,
  recorded_by            uuid NOT NULL REFERENCES users (id),
  recorded_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE authorization_reversals (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authorization_id  uuid NOT NULL UNIQUE REFERENCES authorizations (id),
  reversed_on       date NOT NULL,
  reason            text NOT NULL,
  recorded_by       uuid NOT NULL REFERENCES users (id),
  recorded_at       timestamptz NOT NULL DEFAULT now()
);

-- At most one dispense per authorization (R-AUTH-4), enforced by the database itself.
CREATE TABLE dispenses (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authorization_id        uuid NOT NULL UNIQUE REFERENCES authorizations (id),
  dispensed_on            date NOT NULL,
  product                 text NOT NULL,
  strength_mg             integer NOT NULL,
  quantity                integer NOT NULL CHECK (quantity > 0),
  days_supply             integer NOT NULL CHECK (days_supply BETWEEN 1 AND 30),
  medication_guide_given  boolean NOT NULL CHECK (medication_guide_given),
  recorded_by             uuid NOT NULL REFERENCES users (id),
  recorded_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_ends (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id    uuid NOT NULL REFERENCES patients (id),
  last_dose_on  date NOT NULL,
  reason        text NOT NULL,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX course_ends_patient_idx ON course_ends (patient_id);

CREATE TABLE course_restarts (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id    uuid NOT NULL REFERENCES patients (id),
  restarted_on  date NOT NULL,
  reason        text,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX course_restarts_patient_idx ON course_restarts (patient_id);

CREATE TABLE pregnancy_reports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  reported_on  date NOT NULL,
  note         text,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pregnancy_reports_patient_idx ON pregnancy_reports (patient_id);

CREATE TABLE pregnancy_clearances (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  cleared_on   date NOT NULL,
  reason       text NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pregnancy_clearances_patient_idx ON pregnancy_clearances (patient_id);

-- Who did what to which record, when, from where, and how it ended. Append-only.
CREATE TABLE audit_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid REFERENCES users (id),
  action       text NOT NULL,
  patient_id   uuid REFERENCES patients (id),
  entity       text,
  entity_id    text,
  outcome      text NOT NULL,
  ip           text,
  detail       jsonb
);
CREATE INDEX audit_events_patient_idx ON audit_events (patient_id);

-- Idempotency keys for pharmacy requests: a retried request gets the first answer back.
CREATE TABLE idempotency_keys (
  key            text NOT NULL,
  user_id        uuid NOT NULL REFERENCES users (id),
  request_hash   text NOT NULL,
  status_code    integer NOT NULL,
  response_body  jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
