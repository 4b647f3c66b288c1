// The prescriber an EHR's message names by NPI, as the actor that signs for them (a NewRx, a
// counseling attestation): a prescriber of the client's own practice, or a refusal. The client
// stays named on the actor, so the audit trail shows the prescriber and the system that relayed it.
import { requireClientKind } from '../access.js';
import type { ClientActor, Services } from '../context.js';
import { ForbiddenError } from '../errors.js';

export async function actingPrescriber(services: Services, actor: ClientActor, npi: string | undefined): Promise<ClientActor> {
  requireClientKind(actor, 'practice');
  const prescriber =
    npi === undefined || !/^[0-9]{10}$/.test(npi.trim())
      ? undefined
      : await services.db
          .selectFrom('users')
          .select('id')
          .where('npi', '=', npi.trim())
          .where('role', '=', 'prescriber')
          .where('organization_id', '=', actor.client.organizationId)
          .executeTakeFirst();
  if (prescriber === undefined) {
    throw new ForbiddenError(
      npi === undefined
        ? "This needs the signing prescriber's NPI."
        : `No prescriber of this practice has the NPI ${npi.trim().slice(0, 10)}; an administrator records each prescriber's NPI in isocourse.`,
    );
  }
  return { ...actor, userId: prescriber.id, role: 'prescriber', supervisingPrescriberId: null };
}
