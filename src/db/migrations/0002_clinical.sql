-- The clinical course (domain.md §3–§6): weights, the dose plan, missed days, labs, PHQ-9,
-- symptoms, medications, and what the prescriber acknowledged or overrode. Facts again: alerts,
-- lab bands, cumulative dose and projections are derived from these rows by src/domain.

ALTER TABLE organizations
  ADD COLUMN cumulative_target_mg_per_kg double precision NOT NULL DEFAULT 150
    CHECK (cumulative_target_mg_per_kg BETWEEN 60 AND 300);

CREATE TABLE weight_measurements (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients (id),
  measured_on    date NOT NULL,
  weight_kg      double precision NOT NULL CHECK (weight_kg > 0),
  -- What was typed, so a pound figure can be shown back as entered.
  entered_value  double precision NOT NULL,
  entered_unit   text NOT NULL CHECK (entered_unit IN ('kg', 'lb')),
  recorded_by    uuid NOT NULL REFERENCES users (id),
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX weight_measurements_patient_idx ON weight_measurements (patient_id);

-- Each row is a version of the plan; the latest is in force.
CREATE TABLE dose_plans (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id         uuid NOT NULL REFERENCES patients (id),
  product            text NOT NULL,
  steps              jsonb NOT NULL,
  target_mg_per_kg   double precision NOT NULL CHECK (target_mg_per_kg BETWEEN 60 AND 300),
  weight_basis       text NOT NULL CHECK (weight_basis IN ('courseStart', 'latest')),
  recorded_by        uuid NOT NULL REFERENCES users (id),
  recorded_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dose_plans_patient_idx ON dose_plans (patient_id, recorded_at);

CREATE TABLE missed_doses (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  from_date    date NOT NULL,
  to_date      date NOT NULL CHECK (to_date >= from_date),
  reason       text,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX missed_doses_patient_idx ON missed_doses (patient_id);

-- Risk flags noted at baseline: psychiatric history (R-MOOD-3), and the lab high-risk group (§4.1).
CREATE TABLE risk_flags (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  flag         text NOT NULL,
  noted_on     date NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risk_flags_patient_idx ON risk_flags (patient_id);

CREATE TABLE lab_imports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name    text NOT NULL,
  row_count    integer NOT NULL,
  accepted     integer NOT NULL,
  rejected     integer NOT NULL,
  report       jsonb NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lab_results (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id              uuid NOT NULL REFERENCES patients (id),
  analyte                 text NOT NULL,
  value                   double precision NOT NULL,
  unit                    text NOT NULL,
  reference_low           double precision,
  reference_high          double precision,
  collected_on            date NOT NULL,
  fasting                 boolean,
  hours_since_alcohol     double precision,
  muscle_symptoms         boolean,
  liver_symptoms          boolean,
  import_id               uuid REFERENCES lab_imports (id),
  recorded_by             uuid NOT NULL REFERENCES users (id),
  recorded_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lab_results_patient_idx ON lab_results (patient_id, collected_on);

CREATE TABLE phq9_responses (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  answered_on  date NOT NULL,
  answers      smallint[] NOT NULL CHECK (cardinality(answers) = 9),
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phq9_responses_patient_idx ON phq9_responses (patient_id, answered_on);

CREATE TABLE symptom_reports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  reported_on  date NOT NULL,
  entries      jsonb NOT NULL,
  note         text,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX symptom_reports_patient_idx ON symptom_reports (patient_id, reported_on);

CREATE TABLE medications (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id       uuid NOT NULL REFERENCES patients (id),
  medication_code  text NOT NULL,
  free_text        text NOT NULL,
  started_on       date,
  stopped_on       date,
  recorded_by      uuid NOT NULL REFERENCES users (id),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (stopped_on IS NULL OR started_on IS NULL OR stopped_on >= started_on)
);
CREATE INDEX medications_patient_idx ON medications (patient_id);

-- The prescriber's override of a blocking interaction, with the reason (§5, T-42).
CREATE TABLE interaction_overrides (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  code         text NOT NULL,
  reason       text NOT NULL CHECK (length(trim(reason)) > 0),
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interaction_overrides_patient_idx ON interaction_overrides (patient_id);

-- An alert is derived from a fact (a PHQ-9, a symptom report, a lab result); acknowledging it is
-- a fact of its own, with the note urgent alerts require (R-MOOD-1).
CREATE TABLE alert_acknowledgements (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  alert_key    text NOT NULL,
  note         text,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (patient_id, alert_key)
);

-- Reminders to deliver (in-app inbox by default, SMTP when configured). A delivery queue: its
-- delivery columns describe the message, not the patient.
CREATE TABLE outbox_messages (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id         uuid NOT NULL REFERENCES patients (id),
  recipient_user_id  uuid REFERENCES users (id),
  kind               text NOT NULL,
  subject            text NOT NULL,
  body               text NOT NULL,
  due_on             date NOT NULL,
  channel            text NOT NULL CHECK (channel IN ('inbox', 'smtp')),
  -- One reminder per patient, kind and occasion, however often reminders are planned.
  dedupe_key         text NOT NULL UNIQUE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  delivered_at       timestamptz,
  read_at            timestamptz,
  attempts           integer NOT NULL DEFAULT 0,
  last_error         text
);
CREATE INDEX outbox_messages_pending_idx ON outbox_messages (due_on) WHERE delivered_at IS NULL;
CREATE INDEX outbox_messages_recipient_idx ON outbox_messages (recipient_user_id, created_at);
