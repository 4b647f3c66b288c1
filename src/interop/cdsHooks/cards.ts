// The program engine's verdict in CDS Hooks 2.0 cards (pure: no clock, no database, no network).
//
// One card per blocking reason, in the program's own words (the same `message` and `action` the API
// returns in `blockers`), with the date it is needed by or possible from (the patient's schedule), and
// a link to the panel of isocourse's patient page that records what fixes it. Cards never carry a rule
// id in the summary (an EHR user reads it); the rule is named at the end of the detail for whoever audits.
import type { Reason } from '../../domain/decision.js';
import type { IsoDate } from '../../domain/dates.js';
import type { ProgramStatus } from '../../domain/programStatus.js';
import type { PatientSchedule } from '../../domain/patientSchedule.js';
import { dayInWords, type PatientStateSummary } from '../../domain/stateWords.js';

export type CardIndicator = 'info' | 'warning' | 'critical';

export interface CardLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

export interface CardSuggestion {
  label: string;
  uuid?: string;
  isRecommended?: boolean;
  actions?: Array<{ type: 'create' | 'update' | 'delete'; description: string; resource?: Record<string, unknown> }>;
}

export interface Card {
  uuid?: string;
  summary: string;
  detail?: string;
  indicator: CardIndicator;
  source: { label: string; url?: string };
  links?: CardLink[];
  suggestions?: CardSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
}

/** The verdict the API returns for a patient (services/patients/readPatients.ts statusAnswer). */
export type PatientVerdict = ProgramStatus & { id: string; summary: PatientStateSummary; schedule: PatientSchedule };

/** Where isocourse's pages are, and who the cards say they come from. */
export interface CardContext {
  /** The web app's origin, e.g. https://isocourse.example.org (no trailing slash). */
  webBase: string;
  newId: () => string;
}

const SUMMARY_MAX = 140; // CDS Hooks 2.0: "summary … SHOULD be under a 140-character limit".

export function cardSource(context: CardContext): Card['source'] {
  return { label: 'isocourse — iPLEDGE REMS program', url: `${context.webBase}/medicine/how-it-works` };
}

/** The panel of the care team's patient page (web/src/pages/prescriber/PatientPage.tsx) that fixes a blocker. */
const FIX_PLACES: Record<string, { hash: string; label: string }> = {
  COUNSELING_PENDING: { hash: 'action-counseling', label: 'Confirm counseling in isocourse' },
  SCREENING_TEST_PENDING: { hash: 'action-test', label: 'Record the pregnancy test in isocourse' },
  CONFIRMATION_TEST_PENDING: { hash: 'action-test', label: 'Record the pregnancy test in isocourse' },
  MONTHLY_TEST_PENDING: { hash: 'action-test', label: 'Record the pregnancy test in isocourse' },
  TEST_OUTSIDE_WINDOW: { hash: 'action-test', label: 'Record the new pregnancy test in isocourse' },
  CONTRACEPTION_FAILURE_REPORTED: { hash: 'action-test', label: 'Record the pregnancy test in isocourse' },
  CONTRACEPTION_PENDING: { hash: 'action-contraception', label: "Record this month's contraception in isocourse" },
  PRESCRIPTION_PENDING: { hash: 'action-prescription', label: "Write this month's prescription in isocourse" },
  CONSENT_MISSING: { hash: 'action-consent', label: 'Record the consent in isocourse' },
  COMPREHENSION_PENDING: { hash: 'monthly-visit', label: 'Open the monthly visit in isocourse' },
};

/** Blockers that mean "stop", not "not yet". */
const CRITICAL_CODES = new Set(['PREGNANCY_HOLD', 'CONTRACEPTION_FAILURE_REPORTED', 'TEST_POSITIVE']);

export function patientPageUrl(context: CardContext, patientId: string, hash?: string): string {
  return `${context.webBase}/patients/${encodeURIComponent(patientId)}${hash === undefined ? '' : `#${hash}`}`;
}

function clip(text: string): string {
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1)}…`;
}

/** "By Mar 16", "Not before Mar 12", "Between Mar 12 and Mar 16", or null when no date applies. */
export function whenWords(reason: Reason, step: { from: IsoDate | null; by: IsoDate | null } | undefined, asOf: IsoDate): string | null {
  const from = step?.from ?? reason.earliestChangeDate ?? null;
  const by = step?.by ?? reason.deadline ?? null;
  if (from !== null && by !== null) {
    return `Between ${dayInWords(from, asOf)} and ${dayInWords(by, asOf)}.`;
  }
  if (by !== null) {
    return `By ${dayInWords(by, asOf)}.`;
  }
  if (from !== null) {
    return `Not before ${dayInWords(from, asOf)}.`;
  }
  return null;
}

/** One card for one blocking reason of the verdict. */
export function reasonCard(reason: Reason, verdict: PatientVerdict, context: CardContext, step?: { from: IsoDate | null; by: IsoDate | null }): Card {
  const when = whenWords(reason, step, verdict.asOf);
  const place = FIX_PLACES[reason.code];
  const detail = [`**What fixes it:** ${reason.action}`, when === null ? null : `**When:** ${when}`, `_Program rule ${reason.rule} (${reason.code})._`]
    .filter((line): line is string => line !== null)
    .join('\n\n');
  return {
    uuid: context.newId(),
    summary: clip(reason.message),
    detail,
    indicator: CRITICAL_CODES.has(reason.code) ? 'critical' : 'warning',
    source: cardSource(context),
    links: [
      {
        label: place?.label ?? "Open the patient's record in isocourse",
        url: patientPageUrl(context, verdict.id, place?.hash ?? 'fill-status-title'),
        type: 'absolute',
      },
    ],
  };
}

/**
 * The cards for a patient isocourse knows: one per blocking reason, or — when nothing blocks — one
 * information card saying so (with the window's last day or the authorization's do-not-dispense-after).
 */
export function verdictCards(verdict: PatientVerdict, context: CardContext): Card[] {
  if (verdict.blockers.length === 0) {
    const until =
      verdict.activeAuthorization !== null
        ? ` Authorization ${verdict.activeAuthorization.rmaNumber}: do not dispense after ${dayInWords(verdict.activeAuthorization.doNotDispenseAfter, verdict.asOf)}.`
        : verdict.window !== null
          ? ` The prescription window is open until ${dayInWords(verdict.window.lastDay, verdict.asOf)}.`
          : '';
    return [
      {
        uuid: context.newId(),
        summary: clip(`iPLEDGE: ${verdict.summary.label} — ${verdict.summary.headline}`),
        detail: `Nothing in the program blocks this patient's next fill today.${until}`,
        indicator: 'info',
        source: cardSource(context),
        links: [{ label: "Open the patient's record in isocourse", url: patientPageUrl(context, verdict.id), type: 'absolute' }],
      },
    ];
  }
  return verdict.blockers.map((reason, index) => {
    const step =
      verdict.schedule.steps[index]?.code === reason.code ? verdict.schedule.steps[index] : verdict.schedule.steps.find((s) => s.code === reason.code);
    return reasonCard(reason, verdict, context, step);
  });
}

/** Who the EHR says the patient is, to prefill nothing but to name in words. */
export interface EhrPatientDescription {
  ehrPatientId: string;
  name: string | null;
  birthDate: string | null;
}

/**
 * The patient is not enrolled in isocourse (no record matched by identifier, nor by name and birth
 * date): a card suggesting to enroll, with a link to the enrollment page and a Task the EHR can add
 * to its list. The enrollment page is not prefilled: the web app takes no name or birth date in its
 * address, and a patient's name and birth date do not belong in a URL (browser history, proxy logs).
 */
export function enrollCard(patient: EhrPatientDescription, context: CardContext): Card {
  const who = [patient.name, patient.birthDate === null ? null : `born ${patient.birthDate}`].filter((part) => part !== null).join(', ');
  return {
    uuid: context.newId(),
    summary: 'Not enrolled in iPLEDGE: enroll the patient before isotretinoin can be dispensed',
    detail:
      `isocourse has no enrolled patient matching ${who === '' ? 'this patient' : who}. ` +
      'Isotretinoin may only be prescribed to a patient enrolled in the iPLEDGE program: the prescriber enrolls the patient and assigns a risk category. ' +
      'If the patient is already enrolled, add the program identifier to the chart (or link it in isocourse) so the two records match.',
    indicator: 'warning',
    source: cardSource(context),
    links: [{ label: 'Enroll the patient in isocourse', url: `${context.webBase}/patients/new`, type: 'absolute' }],
    suggestions: [
      {
        label: 'Add "Enroll the patient in iPLEDGE" to the task list',
        uuid: context.newId(),
        actions: [
          {
            type: 'create',
            description: 'A task to enroll the patient in the iPLEDGE program in isocourse',
            resource: {
              resourceType: 'Task',
              status: 'requested',
              intent: 'proposal',
              description: 'Enroll the patient in the iPLEDGE program (isocourse) before prescribing isotretinoin',
              for: { reference: `Patient/${patient.ehrPatientId}` },
            },
          },
        ],
      },
    ],
  };
}

/**
 * A patient who matches an enrolled one by name and birth date only: never linked on that alone.
 * The possible match is on the care team's worklist; no link to a record is given (it may not be hers).
 */
export function needsReviewCard(context: CardContext): Card {
  return {
    uuid: context.newId(),
    summary: 'iPLEDGE: the patient could not be identified for certain — the match needs review',
    detail:
      'An enrolled patient in isocourse has the same name and birth date, but no identifier confirms that it is the same person, ' +
      "so no program requirements are shown. The possible match is on the care team's worklist in isocourse; once it is confirmed, " +
      'or the program identifier is added to the chart, the requirements appear here.',
    indicator: 'info',
    source: cardSource(context),
  };
}

/** Something could not be checked (the EHR's FHIR server was slow, failed, or was not given): say what, never guess. */
export function uncheckedCard(what: string, why: string, context: CardContext): Card {
  return {
    uuid: context.newId(),
    summary: clip(`iPLEDGE requirements not checked: ${what}`),
    detail: `${why} The program's requirements were not checked for this order; check them in isocourse before prescribing.`,
    indicator: 'warning',
    source: cardSource(context),
    links: [{ label: 'Open isocourse', url: `${context.webBase}/patients`, type: 'absolute' }],
  };
}

/**
 * The draft order itself breaks a prescription limit of the program (the engine's reasons, e.g. more
 * than a 30-day supply, refills): one card each, naming the order. No link: the order is fixed in the EHR.
 */
export function orderLimitCards(orderLabel: string, reasons: readonly Reason[], context: CardContext): Card[] {
  return reasons.map((reason) => ({
    uuid: context.newId(),
    summary: clip(reason.message),
    detail: `${orderLabel}: ${reason.action}\n\n_Program rule ${reason.rule} (${reason.code})._`,
    indicator: 'warning',
    source: cardSource(context),
  }));
}
