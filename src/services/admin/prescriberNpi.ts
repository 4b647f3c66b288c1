// An administrator records a prescriber's National Provider Identifier (issue 11): an EHR's
// messages name the prescriber by it (a NewRx, a signed form), and isocourse finds the prescriber of
// the client's practice by it. One NPI names one person, so it is refused when another account has it.
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';

export async function recordPrescriberNpi(services: Services, actor: Actor, userId: string, input: { npi: string }) {
  requireRole(actor, 'admin');
  const npi = input.npi.trim();
  if (!/^[0-9]{10}$/.test(npi)) {
    throw new InvalidInputError([{ field: 'npi', code: 'INVALID_FORMAT', message: 'An NPI is 10 digits.' }]);
  }
  return services.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'role', 'npi', 'display_name']).where('id', '=', userId).forUpdate().executeTakeFirst();
    if (user === undefined) {
      throw new NotFoundError('User');
    }
    if (user.role !== 'prescriber') {
      throw new InvalidInputError([{ field: 'npi', code: 'NOT_A_PRESCRIBER', message: 'Only a prescriber has an NPI recorded here.' }]);
    }
    const holder = await trx.selectFrom('users').select('id').where('npi', '=', npi).where('id', '!=', user.id).executeTakeFirst();
    if (holder !== undefined) {
      throw new ConflictError('Another account already has this NPI.');
    }
    await trx.updateTable('users').set({ npi }).where('id', '=', user.id).execute();
    await writeAudit(trx, actor, { action: 'user.npi', entity: 'user', entityId: user.id, outcome: 'ok', detail: { previous: user.npi, npi } });
    return { id: user.id, displayName: user.display_name, npi };
  });
}
