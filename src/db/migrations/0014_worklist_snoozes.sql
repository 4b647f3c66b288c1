-- Issue 10 §6: a routine worklist item put off until a day, by whom and when: a fact, never
-- edited. The worklist derivation (src/domain/worklist.ts) hides a snoozable item of the patient
-- with that code before `snoozed_until` and lists it again on that day; the latest snooze of a
-- code wins. Writing one marks the patient's worklist entry stale in the same transaction.
CREATE TABLE worklist_snoozes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients (id),
  item_code      text NOT NULL CHECK (char_length(item_code) BETWEEN 1 AND 100),
  snoozed_on     date NOT NULL,
  snoozed_until  date NOT NULL CHECK (snoozed_until > snoozed_on),
  reason         text CHECK (reason IS NULL OR char_length(reason) BETWEEN 1 AND 500),
  recorded_by    uuid NOT NULL REFERENCES users (id),
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX worklist_snoozes_patient_idx ON worklist_snoozes (patient_id, snoozed_until);

-- The words for the patient's state (src/domain/stateWords.ts), cached with the entry so the
-- patient list shows them without deriving every patient's status on each read.
ALTER TABLE worklist_entries ADD COLUMN summary jsonb;
-- Entries computed before items had a group and a form: recomputed on the next read.
UPDATE worklist_entries SET needs_refresh = true, fact_version = fact_version + 1;
