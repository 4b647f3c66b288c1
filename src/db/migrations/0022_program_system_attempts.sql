-- Issue 12, item 5: when the external program system (the iPLEDGE REMS website or contact center)
-- is down. In a US deployment the pharmacy also obtains the RMA number from the program's own
-- system (R-AUTH-1); each attempt to reach it is a fact: when, by whom, and what came of it. The
-- number itself, once obtained, is the authorization's rems_confirmations row (written in the same
-- transaction as a 'reached' attempt). An outage is derived (src/domain/programOutage.ts), never
-- stored: no number yet and the last attempt did not reach the system. A fact, never edited.
CREATE TABLE program_system_attempts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  authorization_id  uuid NOT NULL REFERENCES authorizations (id),
  patient_id        uuid NOT NULL REFERENCES patients (id),
  attempted_at      timestamptz NOT NULL,
  outcome           text NOT NULL CHECK (outcome IN ('reached', 'unavailable', 'error')),
  -- What the system said when it answered with an error (never medical data; the pharmacist's words).
  error_text        text CHECK (error_text IS NULL OR char_length(error_text) BETWEEN 1 AND 500),
  recorded_by       uuid NOT NULL REFERENCES users (id),
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome = 'error' OR error_text IS NULL)
);
CREATE INDEX program_system_attempts_authorization_idx ON program_system_attempts (authorization_id, attempted_at);
CREATE INDEX program_system_attempts_patient_idx ON program_system_attempts (patient_id);
