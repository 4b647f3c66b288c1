// A client actor for service-level tests of what a client's message does: a client registered by
// the administrator and holding a token from the real /auth/token (test/support/interopClients.ts),
// turned into its actor the way every interop route does (src/interop/smart/clientAuth.ts).
import { authenticateClientToken, type ClientActor } from '../../src/interop/smart/clientAuth.js';
import type { TestApi } from './api.js';
import { registerInteropClient } from './interopClients.js';

export async function testClientActor(api: TestApi, client: { kind: 'practice' | 'pharmacy'; organizationId: string; name: string }): Promise<ClientActor> {
  const registered = await registerInteropClient(api, client);
  const actor = await authenticateClientToken(api.services, registered.token, null);
  if (actor === null) {
    throw new Error(`the token of ${client.name} does not authenticate`);
  }
  return actor;
}

/** A client of the patient's practice (its id and service user), for fixtures that name one. */
export async function testPracticeClient(api: TestApi, patientId: string): Promise<{ id: string; userId: string }> {
  const patient = await api.services.db.selectFrom('patients').select('practice_id').where('id', '=', patientId).executeTakeFirstOrThrow();
  const actor = await testClientActor(api, { kind: 'practice', organizationId: patient.practice_id, name: 'The practice EHR' });
  return { id: actor.client.id, userId: actor.userId };
}
