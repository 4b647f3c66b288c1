// The patient's wallet card: what the pharmacy needs to find her (the program identifier and her
// date of birth, R-DSP-1), her name, and the pharmacy she uses when it is known: the one she chose
// (patients.pharmacy_id), else the pharmacy of her latest authorization or online order.
import type { Actor, Services } from '../context.js';
import { withPatient } from './patientTransaction.js';
import { patientView } from './readPatients.js';

export async function readWalletCard(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'walletCard.read', async ({ trx, patient }) => {
    const chosen =
      patient.pharmacy_id === null
        ? undefined
        : await trx.selectFrom('organizations').select(['id', 'name']).where('id', '=', patient.pharmacy_id).executeTakeFirst();
    const latest =
      chosen ??
      (await trx
        .selectFrom((eb) =>
          eb
            .selectFrom('authorizations')
            .select(['pharmacy_id', 'recorded_at'])
            .where('patient_id', '=', patient.id)
            .unionAll(eb.selectFrom('orders').select(['pharmacy_id', 'recorded_at']).where('patient_id', '=', patient.id))
            .as('used'),
        )
        .innerJoin('organizations', 'organizations.id', 'used.pharmacy_id')
        .select(['organizations.id', 'organizations.name'])
        .orderBy('used.recorded_at', 'desc')
        .limit(1)
        .executeTakeFirst());
    return {
      ...patientView(patient),
      pharmacy: latest === undefined ? null : { id: latest.id, name: latest.name },
    };
  });
}
