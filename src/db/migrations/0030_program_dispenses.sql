-- Issue 14, item 3: outside the US there is no authorization number (programs.md §0.4): the
-- pharmacist's checklist takes the place of the authorization request, and the app computes the
-- last day to dispense. The checklist's record stays a row of `authorizations` — the record every
-- dispense points to, so the same gate, idempotency, lock and audit serve both — with no RMA
-- number, the key it was judged under in `rule_set` ('UK-2026', 'EU-PPP-2018+IT', 'AU+ACT') and the
-- last day in `do_not_dispense_after` (none where the program has no window: Australia). The
-- checklist and its dispense are written in one transaction (services/pharmacy/checklistDispense.ts),
-- so such a row is never left waiting. A US row keeps both its number and its date.
ALTER TABLE authorizations ALTER COLUMN rma_number DROP NOT NULL;
ALTER TABLE authorizations ALTER COLUMN do_not_dispense_after DROP NOT NULL;
ALTER TABLE authorizations ADD CONSTRAINT authorizations_number_by_program CHECK (
  CASE WHEN rule_set LIKE 'REMS-%' THEN rma_number IS NOT NULL AND do_not_dispense_after IS NOT NULL ELSE rma_number IS NULL END
);

-- The key each prescription was judged under ('REMS-2026', 'UK-2023', …): a course that spans a
-- change keeps, event by event, the rule set it was judged by (issue 14, item 1; P-18). NULL for
-- prescriptions written before this migration (their rule set is the one of their date).
ALTER TABLE prescriptions ADD COLUMN judged_by text;

-- Italy (PPP-NAT-IT-2): the day the doctor certified that the patient is not pregnant, from which
-- the prescription's 7 days run (EU-PPP-2018+IT's window anchor). NULL elsewhere and when none.
ALTER TABLE prescriptions ADD COLUMN certified_on date CHECK (certified_on IS NULL OR certified_on <= written_on);
