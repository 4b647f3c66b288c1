-- Payments and refunds of online orders (issue 6). Facts only: the pharmacy's prices (each a
-- dated entry; the latest in force on a day applies), the charge fixed when an order is placed,
-- and every payment received and refund made. Balances and the "refunded" state are derived
-- (domain/payments.ts). Money is whole cents.
CREATE TABLE pharmacy_prices (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pharmacy_id       uuid NOT NULL REFERENCES organizations (id),
  strength_mg       integer NOT NULL CHECK (strength_mg > 0),
  unit_price_cents  integer NOT NULL CHECK (unit_price_cents >= 0),
  effective_on      date NOT NULL,
  recorded_by       uuid NOT NULL REFERENCES users (id),
  recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pharmacy_prices_in_force_idx ON pharmacy_prices (pharmacy_id, strength_mg, effective_on DESC, recorded_at DESC);

CREATE TABLE order_charges (
  order_id          uuid PRIMARY KEY REFERENCES orders (id),
  provider          text NOT NULL,
  unit_price_cents  integer NOT NULL CHECK (unit_price_cents >= 0),
  amount_cents      integer NOT NULL CHECK (amount_cents >= 0),
  charged_on        date NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_payments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL REFERENCES orders (id),
  provider      text NOT NULL,
  amount_cents  integer NOT NULL CHECK (amount_cents > 0),
  received_on   date NOT NULL,
  reference     text NOT NULL,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_payments_order_idx ON order_payments (order_id);

CREATE TABLE order_refunds (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL REFERENCES orders (id),
  amount_cents  integer NOT NULL CHECK (amount_cents > 0),
  reason        text NOT NULL,
  refunded_on   date NOT NULL,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_refunds_order_idx ON order_refunds (order_id);
