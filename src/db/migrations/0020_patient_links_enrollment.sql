-- Issue 11: a patient enrolled from an EHR ($submit of the enrollment form) is linked, in the same
-- transaction, to the identifiers of the Patient that EHR sent (its MRN, a Medicare id): the next
-- message naming her by those identifiers alone finds her, with no review. 'enrollment': the
-- link was made when isocourse created the patient from that very message.
ALTER TABLE patient_links DROP CONSTRAINT patient_links_basis_check;
ALTER TABLE patient_links ADD CONSTRAINT patient_links_basis_check CHECK (basis IN ('programId', 'review', 'enrollment'));
