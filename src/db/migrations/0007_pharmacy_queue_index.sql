-- The pharmacy's waiting fills (GET /pharmacy/authorizations) are read by pharmacy: an index on
-- the holder, so the queue is not a scan of every authorization ever issued.
CREATE INDEX authorizations_pharmacy_idx ON authorizations (pharmacy_id, do_not_dispense_after);
