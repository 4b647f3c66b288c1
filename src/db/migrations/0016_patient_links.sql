-- Issue 11, item 7: patient identity is never a guess. An EHR names its patients by its own
-- identifiers (a medical record number, say); isocourse knows them by the program identifier.

-- An identifier a practice's systems use, linked to one patient of that practice: made when a
-- message carried the program identifier too (the program identifier proves who it is), or when
-- the care team decided a review "same person". One patient per identifier and organization; a
-- link is a fact and is never edited.
CREATE TABLE patient_links (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations (id),
  identifier_system  text NOT NULL CHECK (char_length(identifier_system) BETWEEN 1 AND 500),
  identifier_value   text NOT NULL CHECK (char_length(identifier_value) BETWEEN 1 AND 200),
  patient_id         uuid NOT NULL REFERENCES patients (id),
  -- 'programId': the same message carried the patient's program identifier; 'review': a person decided.
  basis              text NOT NULL CHECK (basis IN ('programId', 'review')),
  -- The client whose message brought the identifier.
  client_id          uuid NOT NULL REFERENCES interop_clients (id),
  linked_by          uuid NOT NULL REFERENCES users (id),
  linked_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, identifier_system, identifier_value)
);
CREATE INDEX patient_links_patient_idx ON patient_links (patient_id);

-- A message that matched one patient of the practice by name and birth date alone: never linked,
-- but put before the care team, with what the client sent and the candidate it resembles. One
-- review per client and identity (identity_key: the first of its identifiers, or its names and
-- birth date when it sent none); a later message of the same identity finds the same review.
CREATE TABLE patient_match_reviews (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id             uuid NOT NULL REFERENCES interop_clients (id),
  organization_id       uuid NOT NULL REFERENCES organizations (id),
  identity_key          text NOT NULL CHECK (char_length(identity_key) BETWEEN 1 AND 1000),
  -- What the client sent, as it sent it: [{ "system": …, "value": … }], given names, family name, birth date.
  identifiers           jsonb NOT NULL,
  given_names           jsonb NOT NULL,
  family_name           text CHECK (family_name IS NULL OR char_length(family_name) BETWEEN 1 AND 200),
  birth_date            date NOT NULL,
  candidate_patient_id  uuid NOT NULL REFERENCES patients (id),
  received_by           uuid NOT NULL REFERENCES users (id),
  received_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patient_match_reviews_identity_idx ON patient_match_reviews (client_id, identity_key);
CREATE INDEX patient_match_reviews_candidate_idx ON patient_match_reviews (candidate_patient_id);

-- The care team's answer to a review: the same person (the identifiers it sent are linked in the
-- same transaction) or not. One answer a review; whether a review is open is derived from this.
CREATE TABLE patient_match_decisions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id   uuid NOT NULL UNIQUE REFERENCES patient_match_reviews (id),
  same        boolean NOT NULL,
  decided_by  uuid NOT NULL REFERENCES users (id),
  decided_at  timestamptz NOT NULL DEFAULT now()
);
