-- The pharmacy a patient uses (issue 10): chosen at enrollment or later, changeable; each change
-- is audited (patient.pharmacy). A prescription names the pharmacy it goes to when it is written
-- (by default the patient's pharmacy at that time) and keeps it: the pharmacy it names may open
-- it from its queue without the patient's birth date (src/services/access.ts).
-- patients rows were never updated before this; a change of pharmacy is rare (a few a year per
-- patient), so the visibility-map argument of 0004 still holds for almost every page.
ALTER TABLE patients ADD COLUMN pharmacy_id uuid REFERENCES organizations (id);
ALTER TABLE prescriptions ADD COLUMN pharmacy_id uuid REFERENCES organizations (id);
-- The pharmacy's queue reads the latest prescription of each patient naming it.
CREATE INDEX prescriptions_pharmacy_idx ON prescriptions (pharmacy_id, patient_id, written_on);
