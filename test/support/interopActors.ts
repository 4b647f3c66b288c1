// A client actor made by hand, for service-level tests of what a client's message does (the
// routes authenticate real clients through /auth/token: test/support/interopClients.ts).
import { randomUUID } from 'node:crypto';
import type { ClientActor } from '../../src/interop/patientMatching.js';
import type { TestApi } from './api.js';

export async function testClientActor(api: TestApi, client: { kind: 'practice' | 'pharmacy'; organizationId: string; name: string }): Promise<ClientActor> {
  const user = await api.services.db
    .insertInto('users')
    .values({
      email: `client.${randomUUID()}@clients.test.example`,
      password_hash: 'not a password hash: a client never logs in',
      display_name: client.name,
      role: client.kind === 'practice' ? 'delegate' : 'pharmacist',
      organization_id: client.organizationId,
      supervising_prescriber_id: client.kind === 'practice' ? api.ids.users.prescriber : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    userId: user.id,
    role: client.kind === 'practice' ? 'delegate' : 'pharmacist',
    organizationId: client.organizationId,
    supervisingPrescriberId: null,
    ip: null,
    client: { id: randomUUID(), name: client.name, kind: client.kind, organizationId: client.organizationId },
  };
}

/** A client of the patient's practice (its id and service user), for fixtures that name one. */
export async function testPracticeClient(api: TestApi, patientId: string): Promise<{ id: string; userId: string }> {
  const patient = await api.services.db.selectFrom('patients').select('practice_id').where('id', '=', patientId).executeTakeFirstOrThrow();
  const actor = await testClientActor(api, { kind: 'practice', organizationId: patient.practice_id, name: 'The practice EHR' });
  return { id: actor.client.id, userId: actor.userId };
}
