import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { auditAction, auditEventResource } from './auditEvent.js';

test('an audit row is a RESTful-operation AuditEvent with its action, outcome, actor and patient, and never where from', () => {
  const row = {
    id: '42',
    occurred_at: new Date('2025-03-10T17:00:00Z'),
    actor_id: '0c7a1a3e-1e43-4c0b-8a3e-7a2f0f3b9a22',
    action: 'authorization.request',
    patient_id: '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11',
    entity: 'authorization',
    entity_id: 'b0000000-0000-4000-8000-000000000001',
    outcome: 'refused',
    ip: '10.0.0.7',
  };
  // A whole audit_events row, IP included, as a careless caller might pass it.
  const event = auditEventResource(row);
  assertValidFhir(event);
  assert.equal(event.agent[0]?.network, undefined);
  assert.ok(!JSON.stringify(event).includes('10.0.0.7'), 'the IP address is nowhere in the resource');
  assert.deepEqual(event.agent[0]?.who, { identifier: { system: 'https://isocourse.dev/fhir/sid/user-id', value: row.actor_id } });
  assert.deepEqual(event.type, { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' });
  assert.equal(event.action, 'E');
  assert.equal(event.outcome, '4');
  assert.equal(event.recorded, '2025-03-10T17:00:00.000Z');
  assert.equal(event.entity?.[0]?.what?.reference, 'Patient/6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11');
  const anonymous = auditEventResource({
    id: '43',
    occurred_at: '2025-03-10T17:00:00Z',
    actor_id: null,
    action: 'session.create',
    patient_id: null,
    entity: null,
    entity_id: null,
    outcome: 'denied',
  });
  assertValidFhir(anonymous);
  assert.equal(anonymous.outcome, '8');
});

test('reads are R, changes U, new facts C', () => {
  assert.equal(auditAction('patient.read'), 'R');
  assert.equal(auditAction('fhir.search'), 'R');
  assert.equal(auditAction('patient.pharmacyLookup'), 'R');
  assert.equal(auditAction('authorization.reverse'), 'U');
  assert.equal(auditAction('labResult.record'), 'C');
});
