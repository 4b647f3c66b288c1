-- Issue 14, item 3: the facts the programs outside the US judge (src/domain/programs/programFacts.ts),
-- recorded as they happened: append-only, each with the patient (or, for a prescriber's attributes,
-- the prescriber), the day of the fact, who recorded it and when. Childbearing potential, the
-- exemption in force, the form a course started on, what the next prescription needs: all derived
-- by the rules from these rows (no status column). A fact is never updated or deleted: a later
-- row for the same thing is the correction (the rules read the latest by its date).
--
-- Pregnancy tests keep the existing pregnancy_tests table (no column added): the programs' settings
-- are read from its columns (src/db/programFacts.ts programTestSetting): 'lab' with clia = true is a
-- licensed laboratory (Canada's CA-PT-3), 'lab' without it a laboratory, 'clinic' a clinic, 'home'
-- with home_evidence.kind = 'supervisedVideoVisit' a remotely supervised test (UK-PT-1; the
-- supervisor is home_evidence.interpretedBy, the evidence its description), any other 'home' an
-- unsupervised home test.

CREATE TABLE reproductive_facts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  kind         text NOT NULL CHECK (kind IN ('uterusAndOvary', 'noUterusOrNoOvaries', 'tubalSterilisationConfirmed', 'menopauseConfirmed')),
  recorded_on  date NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reproductive_facts_patient_idx ON reproductive_facts (patient_id);

CREATE TABLE program_exemptions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL REFERENCES patients (id),
  decided_on      date NOT NULL,
  prescriber_id   uuid NOT NULL REFERENCES users (id),
  patient_agreed  boolean NOT NULL,
  reason_code     text NOT NULL CHECK (reason_code IN ('NOT_SEXUALLY_ACTIVE', 'SAME_SEX_PARTNER_ONLY', 'PREMENARCHE', 'OTHER')),
  justification   text NOT NULL CHECK (length(justification) <= 2000),
  review_at       date,
  recorded_by     uuid NOT NULL REFERENCES users (id),
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX program_exemptions_patient_idx ON program_exemptions (patient_id);

CREATE TABLE acknowledgement_forms (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id            uuid NOT NULL REFERENCES patients (id),
  form_version          text NOT NULL CHECK (form_version IN ('EU-PPP-ACK-2018', 'UK-ARF-2023', 'UK-ARF-2026', 'CA-ICA')),
  signed_on             date NOT NULL,
  signed_by_patient     boolean NOT NULL,
  signed_by_prescriber  boolean NOT NULL,
  recorded_by           uuid NOT NULL REFERENCES users (id),
  recorded_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX acknowledgement_forms_patient_idx ON acknowledgement_forms (patient_id);

CREATE TABLE program_assessments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id   uuid NOT NULL REFERENCES patients (id),
  kind         text NOT NULL CHECK (kind IN ('mentalHealth', 'sexualFunction')),
  assessed_on  date NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX program_assessments_patient_idx ON program_assessments (patient_id);

CREATE TABLE second_prescriber_agreements (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id     uuid NOT NULL REFERENCES patients (id),
  prescriber_id  uuid NOT NULL REFERENCES users (id),
  agreed_on      date NOT NULL,
  recorded_by    uuid NOT NULL REFERENCES users (id),
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX second_prescriber_agreements_patient_idx ON second_prescriber_agreements (patient_id);

CREATE TABLE program_visits (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id      uuid NOT NULL REFERENCES patients (id),
  visited_on      date NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('inPerson', 'remote')),
  patient_agreed  boolean NOT NULL,
  recorded_by     uuid NOT NULL REFERENCES users (id),
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX program_visits_patient_idx ON program_visits (patient_id);

-- What the programs ask of a prescriber (PPP-PRESC-1, UK-PRESC-1, CA-PRESC-1, AU-PRESC-1): each row
-- the prescriber's attributes as of effective_on; the latest on or before an event's day applies.
CREATE TABLE prescriber_attributes (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prescriber_id         uuid NOT NULL REFERENCES users (id),
  effective_on          date NOT NULL,
  specialty             text NOT NULL CHECK (specialty IN ('dermatology', 'generalPractice', 'psychiatry', 'other')),
  authority_state       text CHECK (authority_state IN ('ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA')),
  authority_granted_on  date,
  lead_role             text CHECK (lead_role IN ('consultantDermatologist', 'band7DermatologyNurseSpecialist')),
  retinoid_experience   boolean NOT NULL,
  recorded_by           uuid NOT NULL REFERENCES users (id),
  recorded_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((authority_state IS NULL) = (authority_granted_on IS NULL))
);
CREATE INDEX prescriber_attributes_prescriber_idx ON prescriber_attributes (prescriber_id, effective_on);

CREATE FUNCTION program_facts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: record a new fact instead', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER reproductive_facts_append_only BEFORE UPDATE OR DELETE ON reproductive_facts
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
CREATE TRIGGER program_exemptions_append_only BEFORE UPDATE OR DELETE ON program_exemptions
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
CREATE TRIGGER acknowledgement_forms_append_only BEFORE UPDATE OR DELETE ON acknowledgement_forms
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
CREATE TRIGGER program_assessments_append_only BEFORE UPDATE OR DELETE ON program_assessments
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
CREATE TRIGGER second_prescriber_agreements_append_only BEFORE UPDATE OR DELETE ON second_prescriber_agreements
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
CREATE TRIGGER program_visits_append_only BEFORE UPDATE OR DELETE ON program_visits
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
CREATE TRIGGER prescriber_attributes_append_only BEFORE UPDATE OR DELETE ON prescriber_attributes
  FOR EACH ROW EXECUTE FUNCTION program_facts_append_only();
