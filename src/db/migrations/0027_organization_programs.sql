-- Issue 14, items 1 and 4: an organization practises under a jurisdiction (its program), and sets
-- the program's parameters (domain.md §2.14, programs.md §3) for itself, each setting with the
-- document it follows and the day it takes effect.
--
-- The jurisdictions are src/domain/programs/jurisdictions.ts JURISDICTIONS; a new one needs its
-- name here too. Every organization that exists is a US one (isocourse ran the US program only):
-- backfilled 'US', so a US deployment judges exactly as before. An organization created later
-- without one has NULL: not configured (programs.md P-27, PROGRAM_NOT_CONFIGURED), never a guess.
ALTER TABLE organizations ADD COLUMN jurisdiction text
  CHECK (jurisdiction IN ('US', 'EU', 'EU-IT', 'EU-FI', 'GB', 'CA',
                          'AU-ACT', 'AU-NSW', 'AU-NT', 'AU-QLD', 'AU-SA', 'AU-TAS', 'AU-VIC', 'AU-WA'));
UPDATE organizations SET jurisdiction = 'US';

-- An organization's parameter settings, as facts: never updated or deleted; what is in force for
-- an event is derived (src/domain/programs/parameters.ts parametersInForce): per key, among the
-- settings effective on or before the event's day, the one with the latest effective day wins,
-- and of two for the same day the one recorded last. No status column. The key and the value
-- are checked by the service against the registry (PROGRAM_PARAMETERS, parameterValueProblem);
-- the table checks only what cannot be wrong whatever the registry says.
CREATE TABLE organization_program_settings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  key text NOT NULL CHECK (key ~ '^[A-Z][A-Z0-9_]{0,63}$'),
  value jsonb NOT NULL,
  effective_from date NOT NULL,
  source text NOT NULL CHECK (length(btrim(source)) BETWEEN 1 AND 500),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
-- Read whole, per organization, with the patient's facts (src/db/patientFacts.ts).
CREATE INDEX organization_program_settings_org_idx ON organization_program_settings (organization_id, recorded_at);

CREATE FUNCTION organization_program_settings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'organization_program_settings is append-only: record a new setting instead';
END;
$$;
CREATE TRIGGER organization_program_settings_append_only
  BEFORE UPDATE OR DELETE ON organization_program_settings
  FOR EACH ROW EXECUTE FUNCTION organization_program_settings_append_only();
