// Pregnancy hold (R-PREG-1, R-PREG-3, R-CON-7): a positive test or a reported pregnancy stops
// everything until the prescriber clears it with a documented reason.
import { isOnOrAfter, isOnOrBefore, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';

export interface PregnancyHold {
  since: IsoDate;
  cause: 'positiveTest' | 'reportedPregnancy';
}

/**
 * The steps R-PREG-1 requires once a pregnancy is found or suspected. The report itself stays under
 * REMS-2026; only the registry's follow-up of pregnancy outcomes was removed (R-PREG-2).
 */
export const PREGNANCY_HOLD_STEPS = [
  'Stop isotretinoin immediately.',
  'Refer to an obstetrician-gynecologist experienced in reproductive toxicity.',
  'Report the pregnancy to the iPLEDGE pregnancy registry (REMS contact center).',
  'Report the pregnancy to FDA MedWatch.',
] as const;

export function pregnancyHold(facts: PatientFacts, asOf: IsoDate): PregnancyHold | null {
  const events: PregnancyHold[] = [
    ...facts.pregnancyTests
      .filter((test) => test.result === 'positive' && isOnOrBefore(test.specimenDate, asOf))
      .map((test) => ({ since: test.specimenDate, cause: 'positiveTest' as const })),
    ...facts.pregnancyReports
      .filter((report) => isOnOrBefore(report.reportedOn, asOf))
      .map((report) => ({ since: report.reportedOn, cause: 'reportedPregnancy' as const })),
  ];
  const uncleared = events.filter(
    (event) => !facts.pregnancyClearances.some((clearance) => isOnOrAfter(clearance.clearedOn, event.since) && isOnOrBefore(clearance.clearedOn, asOf)),
  );
  if (uncleared.length === 0) {
    return null;
  }
  return uncleared.reduce((latest, event) => (isOnOrAfter(event.since, latest.since) ? event : latest));
}
