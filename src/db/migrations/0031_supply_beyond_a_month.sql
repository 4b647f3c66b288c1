-- Issue 14: outside the US the supply cap of 30 days applies only to patients who can get pregnant
-- (programs.md P-05: a 60-day prescription for a patient who cannot is allowed under EU-PPP-2018),
-- so the column's own limit of 30 days (0001) turned an allowed prescription into a 500. The rules
-- decide the cap (US: R-RX-1, every patient; elsewhere: supplyCap.ts); the column keeps only the
-- API's bound of a year.
ALTER TABLE prescriptions DROP CONSTRAINT prescriptions_days_supply_check;
ALTER TABLE prescriptions ADD CONSTRAINT prescriptions_days_supply_check CHECK (days_supply BETWEEN 1 AND 365);
ALTER TABLE dispenses DROP CONSTRAINT dispenses_days_supply_check;
ALTER TABLE dispenses ADD CONSTRAINT dispenses_days_supply_check CHECK (days_supply BETWEEN 1 AND 365);
