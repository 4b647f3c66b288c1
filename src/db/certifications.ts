// Whether a prescriber or an organization is certified on a date: the latest certification fact
// effective on or before it decides (R-ENR-1).
import { sql } from 'kysely';
import type { IsoDate } from '../domain/dates.js';
import type { Executor } from './executor.js';

export async function isCertified(db: Executor, subject: { userId: string } | { organizationId: string }, onDate: IsoDate): Promise<boolean> {
  const row = await db
    .selectFrom('certifications')
    .select('status')
    .$if('userId' in subject, (query) => query.where('user_id', '=', (subject as { userId: string }).userId))
    .$if('organizationId' in subject, (query) => query.where('organization_id', '=', (subject as { organizationId: string }).organizationId))
    .where('effective_on', '<=', sql<string>`${onDate}::date`)
    .orderBy('effective_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.status === 'certified';
}
