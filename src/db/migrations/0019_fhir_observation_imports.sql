-- Issue 11: the Observations a practice's EHR sent, by their business identifier, so the same
-- observation sent twice (a retried batch, a feed sent again) names the fact already recorded
-- instead of adding a second one. The fact itself is the lab result or weight row, as from the form.
CREATE TABLE fhir_observation_imports (
  organization_id        uuid NOT NULL REFERENCES organizations (id),
  -- Observation.identifier as sent ('' when it came without a system).
  identifier_system      text NOT NULL,
  identifier_value       text NOT NULL,
  patient_id             uuid NOT NULL REFERENCES patients (id),
  lab_result_id          uuid REFERENCES lab_results (id),
  weight_measurement_id  uuid REFERENCES weight_measurements (id),
  recorded_by            uuid NOT NULL REFERENCES users (id),
  recorded_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, identifier_system, identifier_value),
  CHECK ((lab_result_id IS NULL) <> (weight_measurement_id IS NULL))
);
CREATE INDEX fhir_observation_imports_patient_idx ON fhir_observation_imports (patient_id);
