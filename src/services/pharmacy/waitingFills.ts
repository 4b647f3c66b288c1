// The pharmacy's queue of waiting fills: the authorizations its own pharmacy holds that have been
// neither dispensed nor reversed, soonest "do not dispense after" date first (R-AUTH-1, R-AUTH-2).
// One past its date is overdue: it can no longer be dispensed and must be reversed, the stock
// returned (R-AUTH-2). The queue crosses patients, so each row shows only what finding the patient
// needs besides the birth date the pharmacist must still type (§1.1): name and program identifier.
import { sql } from 'kysely';
import { usDoNotDispenseAfter, usRmaNumber } from '../../domain/authorizations.js';
import { isAfter, type IsoDate } from '../../domain/dates.js';
import { closesWithinHorizon } from '../../domain/programOutage.js';
import type { Product } from '../../domain/facts.js';
import type { RuleSetId } from '../../domain/ruleSets.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError } from '../errors.js';

export interface WaitingFill {
  authorizationId: string;
  /** The RMA number the REMS system returned when recorded, else isocourse's own. */
  rmaNumber: string;
  remsConfirmed: boolean;
  requestedOn: IsoDate;
  /** The binding date: the earlier of isocourse's and the REMS system's (D-4). */
  doNotDispenseAfter: IsoDate;
  ruleSet: RuleSetId;
  /** active: can be dispensed today; overdue: its date has passed, reverse it. */
  state: 'active' | 'overdue';
  /**
   * "Program system unavailable": no number from the program's system yet and the last attempt to
   * reach it failed (issue 12, item 5); atRisk: the window closes within PROGRAM_OUTAGE_HORIZON_DAYS.
   */
  programOutage: { lastAttemptAt: string; atRisk: boolean } | null;
  patient: { name: string; programId: string };
  prescription: {
    id: string;
    writtenOn: IsoDate;
    product: Product;
    strengthMg: number;
    capsulesPerDay: number;
    quantity: number;
    daysSupply: number;
  };
}

export async function listWaitingFills(services: Services, actor: Actor): Promise<{ asOf: IsoDate; fills: WaitingFill[] }> {
  if (actor.role !== 'pharmacist' || actor.organizationId === null) {
    await writeAudit(services.db, actor, { action: 'pharmacy.waitingFills.read', outcome: 'denied' });
    throw new ForbiddenError('The waiting fills are for a pharmacist of the pharmacy holding them.');
  }
  const today = programToday(services);
  const rows = await services.db
    .selectFrom('authorizations as a')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .innerJoin('prescriptions as rx', 'rx.id', 'a.prescription_id')
    .leftJoin('rems_confirmations as rc', 'rc.authorization_id', 'a.id')
    .where('a.pharmacy_id', '=', actor.organizationId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('dispenses as d').select('d.id').whereRef('d.authorization_id', '=', 'a.id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('authorization_reversals as ar').select('ar.id').whereRef('ar.authorization_id', '=', 'a.id'))))
    .select([
      'a.id',
      'a.rma_number',
      'a.requested_on',
      'a.do_not_dispense_after',
      'a.rule_set',
      'rc.rems_rma_number',
      (eb) =>
        eb
          .selectFrom('program_system_attempts as psa')
          .whereRef('psa.authorization_id', '=', 'a.id')
          .select('psa.outcome')
          .orderBy('psa.attempted_at', 'desc')
          .orderBy('psa.recorded_at', 'desc')
          .limit(1)
          .as('last_attempt_outcome'),
      (eb) =>
        eb
          .selectFrom('program_system_attempts as psa')
          .whereRef('psa.authorization_id', '=', 'a.id')
          .select((inner) => inner.fn.max('psa.attempted_at').as('at'))
          .as('last_attempt_at'),
      'rc.do_not_dispense_after as rems_do_not_dispense_after',
      'p.given_name',
      'p.family_name',
      'p.program_id',
      'rx.id as prescription_id',
      'rx.written_on',
      'rx.product',
      'rx.strength_mg',
      'rx.capsules_per_day',
      'rx.quantity',
      'rx.days_supply',
    ])
    // Soonest binding date first (the REMS date only ever brings ours forward, D-4), so the cap
    // keeps the most urgent.
    .orderBy(sql`least(a.do_not_dispense_after, coalesce(rc.do_not_dispense_after, a.do_not_dispense_after))`)
    .orderBy('a.requested_on')
    .limit(1000)
    .execute();
  const fills = rows
    .map((row): WaitingFill => {
      // Only US authorizations wait: a checklist record outside the US is written with its dispense.
      const dates = { doNotDispenseAfter: row.do_not_dispense_after, remsDoNotDispenseAfter: row.rems_do_not_dispense_after, ruleSet: row.rule_set };
      const doNotDispenseAfter = usDoNotDispenseAfter(dates);
      return {
        authorizationId: row.id,
        rmaNumber: usRmaNumber({ ...dates, rmaNumber: row.rma_number, remsRmaNumber: row.rems_rma_number }),
        remsConfirmed: row.rems_rma_number !== null,
        requestedOn: row.requested_on,
        doNotDispenseAfter,
        ruleSet: row.rule_set as RuleSetId,
        state: isAfter(today, doNotDispenseAfter) ? 'overdue' : 'active',
        programOutage:
          row.rems_rma_number === null && row.last_attempt_at !== null && (row.last_attempt_outcome === 'unavailable' || row.last_attempt_outcome === 'error')
            ? { lastAttemptAt: new Date(row.last_attempt_at).toISOString(), atRisk: closesWithinHorizon(doNotDispenseAfter, today, services.program) }
            : null,
        patient: { name: `${row.given_name} ${row.family_name}`, programId: row.program_id },
        prescription: {
          id: row.prescription_id,
          writtenOn: row.written_on,
          product: row.product as Product,
          strengthMg: row.strength_mg,
          capsulesPerDay: row.capsules_per_day,
          quantity: row.quantity,
          daysSupply: row.days_supply,
        },
      };
    })
    .sort(
      (a, b) =>
        a.doNotDispenseAfter.localeCompare(b.doNotDispenseAfter) || a.requestedOn.localeCompare(b.requestedOn) || a.patient.name.localeCompare(b.patient.name),
    );
  // One row for the read: which authorizations were shown (their patients are reachable from them).
  await writeAudit(services.db, actor, {
    action: 'pharmacy.waitingFills.read',
    outcome: 'ok',
    detail: { fills: fills.length, overdue: fills.filter((fill) => fill.state === 'overdue').length },
  });
  return { asOf: today, fills };
}
