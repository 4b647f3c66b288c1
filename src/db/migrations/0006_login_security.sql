-- Every log-in attempt, kept as a fact: the throttle (src/services/auth/loginThrottle.ts) derives
-- an account's lock-out and an address's slow-down from these rows, so there is no lock flag that
-- could be left set. The email is stored as typed (lower-cased) whether or not an account has it,
-- so a lock-out says nothing about which addresses exist.
CREATE TABLE login_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempted_at  timestamptz NOT NULL,
  email         text NOT NULL,
  ip            text,
  succeeded     boolean NOT NULL
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, attempted_at) WHERE NOT succeeded;

-- A session also ends after a stretch of inactivity (SESSION_IDLE_MINUTES), not only at its
-- absolute expiry: last_seen_at is moved forward at most once a minute by the requests it carries.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE sessions ALTER COLUMN last_seen_at SET NOT NULL;
