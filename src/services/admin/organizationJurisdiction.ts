// An administrator sets the jurisdiction an organization practises under (issue 14, item 1): the
// program that judges its events from now on. Past decisions are not judged again: each stored
// decision keeps the rule-set key it was made under (authorizations.rule_set, written with the
// authorization and never updated), and what a change alters is the rules for events decided after
// it. The change is audited with the jurisdiction before and after.
import { markPracticeWorklistStale } from '../../db/worklistEntries.js';
import { isJurisdiction, JURISDICTIONS } from '../../domain/programs/jurisdictions.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { organizationProgramView } from '../programs/readOrganizationProgram.js';

export async function setOrganizationJurisdiction(services: Services, actor: Actor, organizationId: string, input: { jurisdiction: string }) {
  requireRole(actor, 'admin');
  if (!isJurisdiction(input.jurisdiction)) {
    throw new InvalidInputError([
      { field: 'jurisdiction', code: 'UNKNOWN_JURISDICTION', message: `"${input.jurisdiction}" is not a jurisdiction; one of ${JURISDICTIONS.join(', ')}.` },
    ]);
  }
  return services.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('organizations').select(['id', 'jurisdiction']).where('id', '=', organizationId).forUpdate().executeTakeFirst();
    if (before === undefined) {
      throw new NotFoundError('Organization');
    }
    if (before.jurisdiction !== input.jurisdiction) {
      await trx.updateTable('organizations').set({ jurisdiction: input.jurisdiction }).where('id', '=', organizationId).execute();
      await markPracticeWorklistStale(trx, organizationId);
    }
    await writeAudit(trx, actor, {
      action: 'organization.jurisdiction',
      entity: 'organization',
      entityId: organizationId,
      outcome: 'ok',
      detail: { before: before.jurisdiction, after: input.jurisdiction },
    });
    return organizationProgramView(services, trx, organizationId);
  });
}
