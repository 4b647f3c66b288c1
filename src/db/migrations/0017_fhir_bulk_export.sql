-- Issue 11: FHIR Bulk Data export ($export). A kick-off records a job; whichever app server runs
-- it (the one that took the request, right after its commit, or any server's scheduled work when
-- that one stopped) holds it under a lease, so a job is never run twice at once and never lost.
-- The NDJSON files are kept here until the job is cancelled (DELETE) or expires: servers are
-- stateless, any of them serves the status and the files.
CREATE TABLE fhir_export_jobs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Who asked: the user the client acts as, and the actor the reads repeat with (same access rules).
  requested_by     uuid NOT NULL REFERENCES users (id),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  client_id        text,
  actor            jsonb NOT NULL,
  level            text NOT NULL CHECK (level IN ('system', 'patient')),
  resource_types   text[] NOT NULL CHECK (cardinality(resource_types) > 0),
  request_url      text NOT NULL CHECK (char_length(request_url) <= 2000),
  requested_at     timestamptz NOT NULL,
  -- The lease of the server running it; an expired lease lets another server take the job over.
  leased_until     timestamptz,
  patients_total   integer,
  patients_done    integer NOT NULL DEFAULT 0,
  completed_at     timestamptz,
  failure          text,
  cancelled_at     timestamptz
);
CREATE INDEX fhir_export_jobs_unfinished_idx ON fhir_export_jobs (requested_at)
  WHERE completed_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE fhir_export_files (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id          uuid NOT NULL REFERENCES fhir_export_jobs (id) ON DELETE CASCADE,
  -- A resource type's output, or 'OperationOutcome' for the manifest's error list.
  resource_type   text NOT NULL,
  part            integer NOT NULL,
  resource_count  integer NOT NULL,
  ndjson          text NOT NULL,
  UNIQUE (job_id, resource_type, part)
);
