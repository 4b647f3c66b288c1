-- The audit trail becomes append-only and tamper-evident (src/db/auditChain.ts).
--
-- Request transactions keep inserting their rows as before, unsealed, without waiting for one
-- another. The sealer, one at a time, later chains the committed rows: each gets the next
-- chain_seq, prev_hash (the row_hash of the row sealed before it) and row_hash, a SHA-256 over
-- both and every content column. A sealed row that is changed, removed or moved then no longer
-- matches its hash or its neighbours', which `npm run audit:verify` reports.
ALTER TABLE audit_events
  ADD COLUMN chain_seq bigint,
  ADD COLUMN prev_hash bytea,
  ADD COLUMN row_hash bytea,
  ADD CONSTRAINT audit_events_sealed_whole CHECK (num_nulls(chain_seq, prev_hash, row_hash) IN (0, 3)),
  ADD CONSTRAINT audit_events_hash_sizes CHECK (chain_seq > 0 AND length(prev_hash) = 32 AND length(row_hash) = 32);

-- Partial, so a request's insert touches neither the chain's index nor a NULL entry in it, and the
-- sealer finds the rows still to seal without reading the sealed ones.
CREATE UNIQUE INDEX audit_events_chain_idx ON audit_events (chain_seq) WHERE chain_seq IS NOT NULL;
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL;
-- "What did this account see and do", newest first (GET /api/v1/audit-events?actorId=…).
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id);

-- A row is inserted unsealed, sealed once (its chain columns go from NULL to values, nothing else
-- changes), and never changed or removed afterwards. The content columns listed here are the ones
-- the row hash covers (auditChain.ts); a column added to audit_events belongs in both.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF num_nulls(NEW.chain_seq, NEW.prev_hash, NEW.row_hash) <> 3 THEN
      RAISE EXCEPTION 'audit_events rows are inserted unsealed: only the sealer chains them'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.action, NEW.patient_id, NEW.entity, NEW.entity_id,
            NEW.outcome, NEW.ip, NEW.detail)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.action, OLD.patient_id, OLD.entity, OLD.entity_id,
            OLD.outcome, OLD.ip, OLD.detail) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is refused (a row may only be sealed, once)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only
  BEFORE INSERT OR UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
