// An administrator lists the practices and pharmacies and changes their settings: the time zone
// in which their staff read moments (audit events, messages), and for a practice the default
// cumulative dose target of its dose plans.
import { markPracticeWorklistStale } from '../../db/worklistEntries.js';
import { isTimeZone } from '../../domain/dates.js';
import { DOSING_PARAMETERS } from '../../domain/dosing.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { InvalidInputError, NotFoundError, type FieldError } from '../errors.js';

/** The allowed targets (§3.3), which the organizations table enforces too (migrations/0002_clinical.sql). */
export const CUMULATIVE_TARGET_RANGE = {
  min: DOSING_PARAMETERS.cumulativeTargetMgPerKg.minimum,
  max: DOSING_PARAMETERS.cumulativeTargetMgPerKg.maximum,
} as const;

export interface OrganizationSettingsInput {
  timeZone: string;
  cumulativeTargetMgPerKg?: number;
}

export interface CertificationView {
  status: 'certified' | 'suspended' | 'revoked';
  effectiveOn: string;
}

/**
 * The certification in force today (the latest fact effective on or before it) and the next one
 * recorded for a later date, per subject (user or organization id).
 */
export async function certificationsOf(
  db: Executor,
  column: 'user_id' | 'organization_id',
  today: string,
): Promise<Map<string, { current: CertificationView | null; next: CertificationView | null }>> {
  const rows = await db
    .selectFrom('certifications')
    .select(['user_id', 'organization_id', 'status', 'effective_on', 'recorded_at'])
    .where(column, 'is not', null)
    .orderBy('effective_on')
    .orderBy('recorded_at')
    .execute();
  const result = new Map<string, { current: CertificationView | null; next: CertificationView | null }>();
  for (const row of rows) {
    const subject = (column === 'user_id' ? row.user_id : row.organization_id) as string;
    const entry = result.get(subject) ?? { current: null, next: null };
    const view = { status: row.status, effectiveOn: row.effective_on };
    if (row.effective_on <= today) {
      // Ordered by date then by recording: the last one seen decides (as isCertified does).
      entry.current = view;
    } else if (entry.next === null) {
      entry.next = view;
    }
    result.set(subject, entry);
  }
  return result;
}

function organizationView(
  row: { id: string; kind: 'practice' | 'pharmacy'; name: string; time_zone: string; cumulative_target_mg_per_kg: number; jurisdiction: string | null },
  certification: { current: CertificationView | null; next: CertificationView | null } | undefined,
) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    timeZone: row.time_zone,
    // Where it practises: the program that judges its patients' events (null: not configured, P-27).
    jurisdiction: row.jurisdiction,
    // The dose target is a practice's; a pharmacy has none.
    cumulativeTargetMgPerKg: row.kind === 'practice' ? row.cumulative_target_mg_per_kg : null,
    certification: certification?.current ?? null,
    nextCertification: certification?.next ?? null,
  };
}

export async function listOrganizations(services: Services, actor: Actor) {
  requireRole(actor, 'admin');
  const [rows, certifications] = await Promise.all([
    services.db
      .selectFrom('organizations')
      .select(['id', 'kind', 'name', 'time_zone', 'cumulative_target_mg_per_kg', 'jurisdiction'])
      .orderBy('kind')
      .orderBy('name')
      .execute(),
    certificationsOf(services.db, 'organization_id', programToday(services)),
  ]);
  return rows.map((row) => organizationView(row, certifications.get(row.id)));
}

/** An IANA zone name (not a bare UTC offset), in its canonical spelling; undefined if unknown. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (!isTimeZone(timeZone) || /^[+-]/.test(timeZone.trim())) {
    return undefined;
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export async function changeOrganizationSettings(services: Services, actor: Actor, organizationId: string, input: OrganizationSettingsInput) {
  requireRole(actor, 'admin');
  const problems: FieldError[] = [];
  const timeZone = canonicalTimeZone(input.timeZone);
  if (timeZone === undefined) {
    problems.push({
      field: 'timeZone',
      code: 'UNKNOWN_TIME_ZONE',
      message: `"${input.timeZone}" is not a known time zone; use an IANA name such as America/Chicago.`,
    });
  }
  return services.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('organizations')
      .select(['id', 'kind', 'name', 'time_zone', 'cumulative_target_mg_per_kg'])
      .where('id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (before === undefined) {
      throw new NotFoundError('Organization');
    }
    if (input.cumulativeTargetMgPerKg !== undefined && before.kind !== 'practice') {
      problems.push({ field: 'cumulativeTargetMgPerKg', code: 'NOT_A_PRACTICE', message: 'Only a practice has a cumulative dose target.' });
    }
    if (problems.length > 0 || timeZone === undefined) {
      throw new InvalidInputError(problems);
    }
    const target = input.cumulativeTargetMgPerKg ?? before.cumulative_target_mg_per_kg;
    const after = await trx
      .updateTable('organizations')
      .set({ time_zone: timeZone, cumulative_target_mg_per_kg: target })
      .where('id', '=', organizationId)
      .returning(['id', 'kind', 'name', 'time_zone', 'cumulative_target_mg_per_kg', 'jurisdiction'])
      .executeTakeFirstOrThrow();
    if (target !== before.cumulative_target_mg_per_kg) {
      // The default target feeds every patient's projected end and the worklist built from it:
      // the practice's entries are recomputed on their next read.
      await markPracticeWorklistStale(trx, organizationId);
    }
    await writeAudit(trx, actor, {
      action: 'organization.settings',
      entity: 'organization',
      entityId: organizationId,
      outcome: 'ok',
      detail: {
        before: { timeZone: before.time_zone, cumulativeTargetMgPerKg: before.cumulative_target_mg_per_kg },
        after: { timeZone: after.time_zone, cumulativeTargetMgPerKg: after.cumulative_target_mg_per_kg },
      },
    });
    const certifications = await certificationsOf(trx, 'organization_id', programToday(services));
    return organizationView(after, certifications.get(organizationId));
  });
}
