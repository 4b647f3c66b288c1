-- Issue 12: scheduled work with several app servers. Every server runs the scheduled work each
-- minute (src/services/scheduledWork.ts); each piece of it is claimed once.
--
-- A reminder is claimed by one server for a while (claimed_until, on the database's clock) before
-- it is handed to the mail server, and marked delivered after. Another server skips a claimed
-- reminder; a claim that outlives its server (killed mid-delivery) expires and the reminder is
-- delivered by another server: at least once rather than at most once (deliverReminders.ts says why).
ALTER TABLE outbox_messages
  ADD COLUMN claimed_until timestamptz,
  -- Which server's run holds the claim (a random token per run): only it settles the claim.
  ADD COLUMN claimed_by text;

-- Work done by one server at a time, as a whole (the worklist refresh of every patient): a lease
-- per task, taken with one upsert (a task's row is made the first time it runs: a migration adds no
-- rows, which a restore would then find twice), released when done, and expiring should its
-- server stop. No session-level lock is held, so this works through a transaction-pooling PgBouncer.
CREATE TABLE scheduled_work_leases (
  task          text PRIMARY KEY,
  leased_until  timestamptz,
  leased_by     text
);

-- A bulk export's lease names its holder: a server that was slow past its lease (not dead) finds
-- the job taken over at its next renewal and stops, instead of writing the same files as the new
-- holder.
ALTER TABLE fhir_export_jobs ADD COLUMN lease_holder text;
