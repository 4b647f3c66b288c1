-- Issue 12 item 7. Two facts the rules derive from, no flag that could drift.
--
-- 1. Every failed look-up of a patient by program identifier and birth date: the look-up throttle
--    (src/services/pharmacy/lookupThrottle.ts) derives from these rows when a pharmacist, or an
--    identifier, is refused for a while. The identifier is stored normalized, as typed, whether or
--    not a patient has it (so a refusal says nothing about which identifiers exist); the birth date
--    tried is never stored. Kept like log-in attempts (services/auth/forgetEndedSessions.ts).
CREATE TABLE lookup_failures (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempted_at  timestamptz NOT NULL,
  user_id       uuid NOT NULL REFERENCES users (id),
  program_id    text NOT NULL
);
CREATE INDEX lookup_failures_user_idx ON lookup_failures (user_id, attempted_at);
CREATE INDEX lookup_failures_program_id_idx ON lookup_failures (program_id, attempted_at);

-- 2. Missed days the patient enters herself are a report for her care team: they count toward the
--    cumulative dose only once a prescriber or delegate confirms them (one review per report,
--    confirmed or declined, never edited). Days the care team records count at once, as before.
ALTER TABLE missed_doses ADD COLUMN reported_by_patient boolean NOT NULL DEFAULT false;
-- Days a patient recorded before this migration become reports waiting for the care team (the safer
-- reading: they had changed the dose the prescriber saw without anyone on the care team seeing them).
UPDATE missed_doses m SET reported_by_patient = true
  FROM patients p
  WHERE p.id = m.patient_id AND p.user_id IS NOT NULL AND m.recorded_by = p.user_id;

CREATE TABLE missed_dose_reviews (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  missed_dose_id  uuid NOT NULL UNIQUE REFERENCES missed_doses (id),
  patient_id      uuid NOT NULL REFERENCES patients (id),
  decision        text NOT NULL CHECK (decision IN ('confirmed', 'declined')),
  note            text CHECK (note IS NULL OR char_length(note) BETWEEN 1 AND 500),
  recorded_by     uuid NOT NULL REFERENCES users (id),
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX missed_dose_reviews_patient_idx ON missed_dose_reviews (patient_id);
