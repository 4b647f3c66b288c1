-- The prescriber's worklist, one row per patient: a cache of what src/domain/worklist.ts derives
-- from the facts, never edited by hand. Every write to a patient's facts bumps `fact_version` and
-- marks the row for refresh in the same transaction; a refresh stores its result only if the
-- version it read is still current, and a row also expires on `valid_until`, the first day the
-- passing of time alone could change it. Deleting every row loses nothing: they are recomputed.
CREATE TABLE worklist_entries (
  patient_id     uuid PRIMARY KEY REFERENCES patients (id),
  prescriber_id  uuid NOT NULL REFERENCES users (id),
  fact_version   bigint NOT NULL DEFAULT 1,
  needs_refresh  boolean NOT NULL DEFAULT true,
  computed_on    date,
  valid_until    date,
  urgency        smallint,
  due_on         date,
  state          text,
  items          jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX worklist_entries_queue_idx ON worklist_entries (prescriber_id, urgency, due_on) WHERE urgency IS NOT NULL;
CREATE INDEX worklist_entries_refresh_idx ON worklist_entries (prescriber_id, valid_until);
