-- Support messages about an order (issue 6): the patient asks, the pharmacy the order was placed
-- with answers. Each message is a fact — the order it is about, which side wrote it, who, what, and
-- the moment it was sent — never edited or deleted; whether a thread waits for the pharmacy, since
-- when and against which response target is derived (domain/support.ts).
CREATE TABLE support_messages (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id     uuid NOT NULL REFERENCES orders (id),
  author_side  text NOT NULL CHECK (author_side IN ('patient', 'pharmacy')),
  author_id    uuid NOT NULL REFERENCES users (id),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000 AND btrim(body) <> ''),
  sent_at      timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_messages_order_idx ON support_messages (order_id, sent_at);
