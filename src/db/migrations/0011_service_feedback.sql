-- The patient's rating of the pharmacy's service after delivery (issue 6): facts only. One
-- feedback per order (the patient's, about the pharmacy the order was placed with): three ratings
-- of the service — delivery, packaging, support — and an optional comment. Its comment's
-- moderation is a separate fact each time the pharmacy decides (published, or rejected with a
-- reason); the latest decision wins, derived in domain/feedback.ts, never a status column.
CREATE TABLE service_feedback (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL UNIQUE REFERENCES orders (id),
  patient_id    uuid NOT NULL REFERENCES patients (id),
  pharmacy_id   uuid NOT NULL REFERENCES organizations (id),
  delivery      integer NOT NULL CHECK (delivery BETWEEN 1 AND 5),
  packaging     integer NOT NULL CHECK (packaging BETWEEN 1 AND 5),
  support       integer NOT NULL CHECK (support BETWEEN 1 AND 5),
  comment       text CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 1000),
  submitted_on  date NOT NULL,
  submitted_by  uuid NOT NULL REFERENCES users (id),
  recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_feedback_pharmacy_idx ON service_feedback (pharmacy_id, submitted_on);

CREATE TABLE feedback_moderations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  feedback_id  uuid NOT NULL REFERENCES service_feedback (id),
  decision     text NOT NULL CHECK (decision IN ('published', 'rejected')),
  reason       text CHECK (decision = 'published' OR (reason IS NOT NULL AND char_length(reason) BETWEEN 1 AND 500)),
  decided_on   date NOT NULL,
  decided_by   uuid NOT NULL REFERENCES users (id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_moderations_feedback_idx ON feedback_moderations (feedback_id, recorded_at);
