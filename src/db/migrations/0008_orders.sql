-- Online orders (issue 6). Facts only: an order placed, then packed, shipped, delivered or
-- cancelled, each a row of its own; the order's state is derived (domain/orders.ts). The dispense
-- is not here: it is the authorization's (dispenses), reached through the order's prescription.
CREATE TABLE orders (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id         uuid NOT NULL REFERENCES patients (id),
  prescription_id    uuid NOT NULL REFERENCES prescriptions (id),
  pharmacy_id        uuid NOT NULL REFERENCES organizations (id),
  placed_on          date NOT NULL,
  quantity           integer NOT NULL CHECK (quantity > 0),
  strength_mg        integer NOT NULL CHECK (strength_mg > 0),
  recipient          text NOT NULL,
  address_line1      text NOT NULL,
  address_line2      text,
  city               text NOT NULL,
  state              text NOT NULL,
  postal_code        text NOT NULL,
  placed_by          uuid NOT NULL REFERENCES users (id),
  recorded_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_patient_idx ON orders (patient_id);
CREATE INDEX orders_pharmacy_idx ON orders (pharmacy_id, placed_on);

CREATE TABLE order_packings (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id     uuid NOT NULL UNIQUE REFERENCES orders (id),
  packed_on    date NOT NULL,
  recorded_by  uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_shipments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id         uuid NOT NULL UNIQUE REFERENCES orders (id),
  shipped_on       date NOT NULL,
  carrier          text NOT NULL,
  tracking_number  text NOT NULL,
  promised_days    integer NOT NULL CHECK (promised_days BETWEEN 1 AND 60),
  recorded_by      uuid NOT NULL REFERENCES users (id),
  recorded_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_deliveries (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL UNIQUE REFERENCES orders (id),
  delivered_on  date NOT NULL,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_cancellations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL UNIQUE REFERENCES orders (id),
  cancelled_on  date NOT NULL,
  cancelled_by  text NOT NULL CHECK (cancelled_by IN ('patient', 'pharmacy')),
  reason        text NOT NULL,
  recorded_by   uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
