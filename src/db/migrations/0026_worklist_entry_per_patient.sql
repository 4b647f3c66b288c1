-- Every patient has a worklist entry, from the transaction that inserts the patient (issue 12,
-- item 6). A worklist read asked "which of the prescriber's ~500 patients have no current entry?"
-- (their ids minus their current entries' ids: about 0.75 ms of PostgreSQL's CPU per read, a
-- quarter of the read). With an entry always there, marked until computed, the question becomes
-- two index probes: is any of the prescriber's entries marked, or expired on today?
-- (src/db/worklistEntries.ts, prescriberHasStaleEntries: about 0.1 ms).
--
-- The entry is a cache row and stays one: deleting entries still loses nothing (the scheduled
-- refresh finds patients without one and computes theirs), but to have a prescriber's list
-- recomputed on its next read, mark the entries (needs_refresh) rather than delete them.

-- Marked entries, found by prescriber in one probe (the common answer, "none", without visiting
-- the prescriber's ~500 entries the way worklist_entries_refresh_idx with a filter would).
CREATE INDEX worklist_entries_marked_idx ON worklist_entries (prescriber_id) WHERE needs_refresh;

-- A new patient's entry, marked (the column defaults), in the inserting statement's transaction;
-- statement-level, so a bulk insert (an import, the benchmark's seed) is one set-based insert.
CREATE FUNCTION worklist_entries_for_new_patients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO worklist_entries (patient_id, prescriber_id)
  SELECT id, prescriber_id FROM new_patients
  ON CONFLICT (patient_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER patients_worklist_entry AFTER INSERT ON patients
  REFERENCING NEW TABLE AS new_patients
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_entries_for_new_patients();

-- A patient moved to another prescriber: their entry is marked and filed under the new one.
CREATE FUNCTION worklist_entries_for_moved_patients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO worklist_entries (patient_id, prescriber_id)
  SELECT n.id, n.prescriber_id FROM moved_new n JOIN moved_old o ON o.id = n.id
  WHERE o.prescriber_id IS DISTINCT FROM n.prescriber_id
  ON CONFLICT (patient_id) DO UPDATE
    SET needs_refresh = true, prescriber_id = excluded.prescriber_id, fact_version = worklist_entries.fact_version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER patients_worklist_entry_moved AFTER UPDATE ON patients
  REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_entries_for_moved_patients();

-- The patients enrolled before this migration: an entry each (marked where missing), and an entry
-- filed under another prescriber than the patient's marked and moved.
INSERT INTO worklist_entries (patient_id, prescriber_id)
SELECT id, prescriber_id FROM patients
ON CONFLICT (patient_id) DO UPDATE
  SET needs_refresh = true, prescriber_id = excluded.prescriber_id, fact_version = worklist_entries.fact_version + 1
  WHERE worklist_entries.prescriber_id <> excluded.prescriber_id;
