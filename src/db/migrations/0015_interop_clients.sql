-- Issue 11: machines that talk to isocourse (an EHR for a practice, a pharmacy system for a
-- pharmacy), registered by an administrator and authenticated with SMART Backend Services
-- (a signed client assertion exchanged for a short-lived access token).

-- A registered client acts through a user row of its own (role 'client'), so every fact it records
-- names it in recorded_by and the audit trail like any person; that user can never log in (its
-- password hash is not a hash).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'prescriber', 'delegate', 'pharmacist', 'patient', 'client'));

-- A prescriber's National Provider Identifier: how an EHR's NewRx or questionnaire names who signed.
ALTER TABLE users ADD COLUMN npi text CHECK (npi ~ '^[0-9]{10}$');
CREATE UNIQUE INDEX users_npi_key ON users (npi);

CREATE TABLE interop_clients (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The client_id the machine puts in its assertion's iss and sub.
  client_id        text NOT NULL UNIQUE,
  name             text NOT NULL,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  user_id          uuid NOT NULL UNIQUE REFERENCES users (id),
  -- Its public keys: registered as a JWK Set, or fetched from its JWKS URL.
  jwks             jsonb,
  jwks_url         text,
  -- What it may ever be granted (SMART v2 system scopes).
  scopes           text[] NOT NULL,
  registered_by    uuid NOT NULL REFERENCES users (id),
  registered_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((jwks IS NULL) <> (jwks_url IS NULL))
);

-- Revoking is a fact; a revoked client's tokens stop working at once.
CREATE TABLE interop_client_revocations (
  client_id   uuid PRIMARY KEY REFERENCES interop_clients (id),
  revoked_by  uuid NOT NULL REFERENCES users (id),
  revoked_at  timestamptz NOT NULL DEFAULT now()
);

-- Access tokens, stored as their SHA-256 (a leaked table gives no usable token).
CREATE TABLE interop_access_tokens (
  token_hash  text PRIMARY KEY,
  client_id   uuid NOT NULL REFERENCES interop_clients (id),
  scopes      text[] NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX interop_access_tokens_expiry ON interop_access_tokens (expires_at);

-- Every client assertion's jti, kept until it expires: an assertion is used once (SMART Backend
-- Services: the server SHALL reject a replayed jti).
CREATE TABLE interop_assertion_ids (
  client_id   uuid NOT NULL REFERENCES interop_clients (id),
  jti         text NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
