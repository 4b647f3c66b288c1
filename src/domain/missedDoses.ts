// Missed or paused days (§3.3): days without capsules do not count toward the cumulative dose and
// move the projected end. Who says so matters (issue 12 item 7): the care team's record counts at
// once; the patient's own entry is a report, counted only once a prescriber or delegate confirms
// it, so nothing the patient types changes the dose the prescriber doses by without the care team
// having seen it. A declined report stays on record and never counts.
import type { IsoDate } from './dates.js';

export interface MissedDoseFact {
  id?: string;
  from: IsoDate;
  to: IsoDate;
  reason?: string | null;
  /** Entered by the patient herself: a report for the care team. Default false (the care team's record). */
  reportedByPatient?: boolean;
  /** The care team's answer to a report: null while it waits. */
  review?: { decision: 'confirmed' | 'declined'; note: string | null } | null;
}

/** counted: in the cumulative dose; awaitingCareTeam: a report not yet confirmed; declined: never counted. */
export type MissedDoseStatus = 'counted' | 'awaitingCareTeam' | 'declined';

export function missedDoseStatus(fact: MissedDoseFact): MissedDoseStatus {
  if (fact.reportedByPatient !== true) {
    return 'counted';
  }
  const decision = fact.review?.decision;
  return decision === 'confirmed' ? 'counted' : decision === 'declined' ? 'declined' : 'awaitingCareTeam';
}

/** The missed days the cumulative dose leaves out: the care team's, and the reports it confirmed. */
export function countedMissedDoses(facts: readonly MissedDoseFact[]): { from: IsoDate; to: IsoDate }[] {
  return facts.filter((fact) => missedDoseStatus(fact) === 'counted').map((fact) => ({ from: fact.from, to: fact.to }));
}

export interface MissedDoseReportView {
  id: string;
  from: IsoDate;
  to: IsoDate;
  reason: string | null;
  status: MissedDoseStatus;
  /** The care team's note when it confirmed or declined. */
  note: string | null;
}

/** The patient's reports, each with where it stands: waiting ones first, then the latest days first. */
export function missedDoseReports(facts: readonly MissedDoseFact[]): MissedDoseReportView[] {
  return facts
    .filter((fact) => fact.reportedByPatient === true && fact.id !== undefined)
    .map((fact) => ({
      id: fact.id as string,
      from: fact.from,
      to: fact.to,
      reason: fact.reason ?? null,
      status: missedDoseStatus(fact),
      note: fact.review?.note ?? null,
    }))
    .sort((a, b) => Number(b.status === 'awaitingCareTeam') - Number(a.status === 'awaitingCareTeam') || b.from.localeCompare(a.from));
}
