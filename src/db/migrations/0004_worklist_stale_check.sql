-- Every worklist read first asks which of the prescriber's patients have no current entry
-- (src/db/worklistEntries.ts, staleWorklistPatients). With the prescriber's patient ids in the
-- index itself, that is an index-only scan of a few pages instead of a visit to each of the
-- prescriber's ~500 patient rows, spread over the whole table (patients rows are never updated, so
-- their pages stay all-visible). Replaces the plain index on prescriber_id of 0001_facts.
DROP INDEX IF EXISTS patients_prescriber_idx;
CREATE INDEX patients_prescriber_covering_idx ON patients (prescriber_id) INCLUDE (id);
