-- Safe entries (issue 10, item 5): facts only, as everywhere.

-- R-CON-7: unprotected intercourse, a contraception failure or a late/missed period, reported by the
-- patient or her care team. Every fill waits for a negative pregnancy test collected after it
-- (src/domain/contraceptionFailure.ts); nothing here says whether it is resolved: that is derived.
CREATE TABLE contraception_failure_reports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  reported_on  date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('unprotectedIntercourse', 'contraceptionFailure', 'latePeriod')),
  note         text CHECK (note IS NULL OR char_length(note) BETWEEN 1 AND 2000),
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contraception_failure_reports_patient_idx ON contraception_failure_reports (patient_id);

-- A second record for someone who looks like an existing patient (same name and birth date) is
-- made only with the prescriber's reason, kept with the patients it resembled.
CREATE TABLE enrollment_duplicate_overrides (
  patient_id          uuid PRIMARY KEY REFERENCES patients (id),
  reason              text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  matched_patient_ids uuid[] NOT NULL,
  recorded_by         uuid NOT NULL REFERENCES users (id),
  recorded_at         timestamptz NOT NULL DEFAULT now()
);

-- A patient's log-in created from her email alone: a one-time activation token (only its SHA-256
-- hash is stored) with which she sets her own password. Its use is a fact of its own; the primary
-- key makes the use single.
CREATE TABLE account_activations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id),
  token_hash  text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  created_by  uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_activations_user_idx ON account_activations (user_id);

CREATE TABLE account_activation_uses (
  activation_id  uuid PRIMARY KEY REFERENCES account_activations (id),
  used_at        timestamptz NOT NULL
);

-- A weight outside the plausible range for the patient's age is stored only when someone
-- confirmed it was right (src/domain/weightPlausibility.ts).
ALTER TABLE weight_measurements ADD COLUMN implausible_confirmed boolean NOT NULL DEFAULT false;
