-- Issue 14, item 1: "each decision records the key it was judged by". Prescriptions (0030) and
-- authorizations / pharmacist's checklists (rule_set) already do; the facts a program judges as
-- they are recorded — the exemption, the acknowledgement form, the visit, the pregnancy test —
-- now keep the key of the rule set in force on their own day ('UK-2023', 'EU-PPP-2018+IT',
-- 'REMS-2026'), so a change of jurisdiction or of rule set later never re-reads what they were
-- judged by. NULL for rows recorded before this migration.
ALTER TABLE program_exemptions ADD COLUMN judged_by text;
ALTER TABLE acknowledgement_forms ADD COLUMN judged_by text;
ALTER TABLE program_visits ADD COLUMN judged_by text;
ALTER TABLE pregnancy_tests ADD COLUMN judged_by text;
