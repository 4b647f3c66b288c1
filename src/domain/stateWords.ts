// The words for a patient's state, decided in ONE place for every page that shows it (the care
// team's badge and headline, the worklist, the pharmacist's view, the patient's own view), so two
// pages can never disagree about a patient (issue 10 §4).
//
// Contract of describePatientState(status):
// - Input: the ProgramStatus of programStatus.ts (facts + today already applied). Nothing else is
//   read, so any view that holds a status can call it (server or web copy alike).
// - tone (one of STATE_TONES), the colour class a page gives the badge:
//     'ready'    the fill decision allows a fill today (status.blockers is empty): window open and
//                nothing blocks, or an authorization the pharmacy can dispense. ONLY this tone may
//                be shown green. ready ⇔ status.blockers.length === 0 (tested over every state).
//     'blocked'  something must be done soon for a fill: a window open with things missing, the
//                supply run out, a window missed.
//     'waiting'  things are still needed but nothing is pressing yet: on treatment with supply
//                left, qualification in progress before the first fill, the end-of-course follow-up.
//     'urgent'   pregnancy hold: all treatment stopped.
//     'done'     the course is completed.
//     'inactive' not enrolled.
// - label: a few words for a badge ("Ready to fill", "Fill blocked", "Pregnancy hold", …).
// - headline: one plain sentence with the dates that matter ("Window open until Dec 13 — 4 things
//   block the fill"). Never contains a rule ID; `blocking` carries the codes for those who want them.
// - detail: what is still needed, in words, or null when nothing is.
// - steps: this month's requirements that apply to the patient, each done or not, in the order a
//   visit takes them (a passed questionnaire shows `done: true` at once). Empty when no monthly
//   requirements apply (not enrolled, pregnancy hold, course ended).
// - blocking: the blocker codes (status.blockers), for search and for tests.
// Dates in the text read "Dec 13" (with the year when it is not the status's year): no clock,
// no locale, the same on every machine.
import type { IsoDate } from './dates.js';
import type { Reason } from './decision.js';
import { judgedByUsRules, type ProgramStatus } from './programStatus.js';
import { PROGRAM_CONTRACEPTION_CODES, PROGRAM_FORM_CODES, PROGRAM_LAPSED_CODES, PROGRAM_TEST_CODES } from './programs/reasonGroups.js';

export const STATE_TONES = ['ready', 'blocked', 'waiting', 'urgent', 'done', 'inactive'] as const;
export type StateTone = (typeof STATE_TONES)[number];

export interface MonthStep {
  /** Stable: 'pregnancyTest' | 'contraception' | 'counseling' | 'comprehension' | 'consents' | 'prescription'. */
  code: string;
  label: string;
  done: boolean;
}

export interface PatientStateSummary {
  tone: StateTone;
  label: string;
  headline: string;
  detail: string | null;
  steps: MonthStep[];
  blocking: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Dec 13", or "Dec 13, 2027" when the year is not `asOf`'s. */
export function dayInWords(date: IsoDate, asOf: IsoDate): string {
  const [year, month, day] = date.split('-');
  const short = `${MONTHS[Number(month) - 1] ?? month} ${Number(day)}`;
  return year === asOf.slice(0, 4) ? short : `${short}, ${year}`;
}

/** The month's requirements and the blocker codes that mean each is not done yet. */
const STEP_CODES: ReadonlyArray<{ code: string; label: string; codes: readonly string[]; pcgpOnly: boolean }> = [
  {
    code: 'pregnancyTest',
    label: 'Pregnancy test',
    codes: ['SCREENING_TEST_PENDING', 'CONFIRMATION_TEST_PENDING', 'MONTHLY_TEST_PENDING', 'TEST_OUTSIDE_WINDOW', 'WINDOW_CLOSED'],
    pcgpOnly: true,
  },
  { code: 'contraception', label: 'Contraception', codes: ['CONTRACEPTION_PENDING'], pcgpOnly: true },
  { code: 'counseling', label: 'Counseling', codes: ['COUNSELING_PENDING'], pcgpOnly: false },
  { code: 'comprehension', label: 'Comprehension questions', codes: ['COMPREHENSION_PENDING'], pcgpOnly: true },
  { code: 'consents', label: 'Consents', codes: ['CONSENT_MISSING'], pcgpOnly: false },
  { code: 'prescription', label: 'Prescription', codes: ['PRESCRIPTION_PENDING'], pcgpOnly: false },
];

/**
 * The same steps outside the US (issue 14): the programs' own codes (src/domain/programs/), with no
 * counseling or comprehension questions (their programs have none); the forms and assessments of a
 * first prescription are a step only while one is missing, as consents are.
 */
const PROGRAM_STEP_CODES: ReadonlyArray<{ code: string; label: string; codes: readonly string[]; pcgpOnly: boolean }> = [
  { code: 'pregnancyTest', label: 'Pregnancy test', codes: [...PROGRAM_TEST_CODES, ...PROGRAM_LAPSED_CODES], pcgpOnly: true },
  { code: 'contraception', label: 'Contraception', codes: PROGRAM_CONTRACEPTION_CODES, pcgpOnly: true },
  { code: 'programForms', label: 'Forms and assessments', codes: PROGRAM_FORM_CODES, pcgpOnly: false },
  { code: 'prescription', label: 'Prescription', codes: ['PRESCRIPTION_PENDING'], pcgpOnly: false },
];

/** What a blocker asks for, in the fewest words (for "still needed: …"). */
const NEEDED_WORDS: Record<string, string> = {
  SCREENING_TEST_PENDING: 'the screening pregnancy test',
  CONFIRMATION_TEST_PENDING: 'the confirmation pregnancy test',
  MONTHLY_TEST_PENDING: "this month's pregnancy test",
  TEST_OUTSIDE_WINDOW: 'a new pregnancy test',
  WINDOW_CLOSED: 'a new pregnancy test or visit',
  CONTRACEPTION_PENDING: "this month's contraception",
  COUNSELING_PENDING: 'counseling',
  COMPREHENSION_PENDING: "the patient's comprehension questions",
  CONSENT_MISSING: 'a signed consent',
  PRESCRIPTION_PENDING: "this month's prescription",
  PRESCRIBER_NOT_CERTIFIED: "the prescriber's certification",
  AGE_BELOW_INDICATION: 'an age within the indication',
};

function things(count: number): string {
  return `${count} ${count === 1 ? 'thing blocks' : 'things block'}`;
}

/** "Still needed: counseling, this month's prescription." — or null when nothing blocks. */
export function neededWords(blockers: readonly Reason[]): string | null {
  if (blockers.length === 0) {
    return null;
  }
  const words = [...new Set(blockers.map((blocker) => NEEDED_WORDS[blocker.code] ?? blocker.message.replace(/\.$/, '')))];
  return `Still needed: ${words.join(', ')}.`;
}

function monthSteps(status: ProgramStatus): MonthStep[] {
  if (status.category === null || ['NOT_ENROLLED', 'PREGNANCY_HOLD', 'END_OF_TREATMENT', 'POST_TREATMENT', 'COMPLETED'].includes(status.state)) {
    return [];
  }
  const blocking = new Set(status.blockers.map((blocker) => blocker.code));
  // A US rule set's key starts REMS-; any other status is derived by another program (programStatusElsewhere).
  const outsideUs = !judgedByUsRules(status);
  const onlyWhileMissing = new Set(['consents', 'programForms']);
  return (outsideUs ? PROGRAM_STEP_CODES : STEP_CODES)
    .filter((step) => status.category === 'PCGP' || !step.pcgpOnly)
    .filter((step) => !onlyWhileMissing.has(step.code) || step.codes.some((code) => blocking.has(code)))
    .map((step) => ({ code: step.code, label: step.label, done: !step.codes.some((code) => blocking.has(code)) }));
}

export function describePatientState(status: ProgramStatus): PatientStateSummary {
  const { asOf, blockers } = status;
  const on = (date: IsoDate) => dayInWords(date, asOf);
  const count = blockers.length;
  const blocking = blockers.map((blocker) => blocker.code);
  const steps = monthSteps(status);
  const needed = neededWords(blockers);
  const summary = (tone: StateTone, label: string, headline: string, detail: string | null = needed): PatientStateSummary => ({
    tone,
    label,
    headline,
    detail,
    steps,
    blocking,
  });
  switch (status.state) {
    case 'NOT_ENROLLED':
      return summary('inactive', 'Not enrolled', 'Not enrolled in the program', null);
    case 'PREGNANCY_HOLD': {
      const hold = blockers.find((blocker) => blocker.code === 'PREGNANCY_HOLD');
      return summary('urgent', 'Pregnancy hold', 'Pregnancy hold: all treatment stopped', hold?.message ?? null);
    }
    case 'COMPLETED':
      return summary('done', 'Course completed', 'Course completed: nothing more is due', null);
    case 'END_OF_TREATMENT': {
      const end = status.endOfCourse;
      const due = end?.endOfTreatmentTestDue ?? null;
      return summary(
        'waiting',
        'End of treatment',
        `Course ended${end === null ? '' : ` on ${on(end.lastDoseOn)}`} — end-of-treatment pregnancy test due${due === null ? '' : ` by ${on(due)}`}`,
        null,
      );
    }
    case 'POST_TREATMENT': {
      const end = status.endOfCourse;
      const testDue = end !== null && end.postTreatmentTestDue !== null && !end.postTreatmentTestDone ? end.postTreatmentTestDue : null;
      return summary(
        'waiting',
        'Post-treatment',
        `Course ended${end === null ? '' : ` on ${on(end.lastDoseOn)}`} — ${
          testDue !== null
            ? `post-treatment pregnancy test due ${on(testDue)}`
            : `no blood donation before ${end === null ? 'the wait ends' : on(end.bloodDonationAllowedFrom)}`
        }`,
        null,
      );
    }
    default:
      break;
  }

  if (count === 0) {
    // The fill decision allows: the only green.
    if (status.activeAuthorization !== null) {
      return summary('ready', 'Authorized', `Authorized: the pharmacy can dispense until ${on(status.activeAuthorization.doNotDispenseAfter)}`);
    }
    if (status.window !== null) {
      return summary('ready', 'Ready to fill', `Ready to fill until ${on(status.window.lastDay)}`);
    }
    return summary('ready', 'Ready to fill', 'Ready to fill: nothing blocks the next fill');
  }

  switch (status.state) {
    case 'QUALIFIED_WINDOW_OPEN':
      if (status.window !== null) {
        return summary('blocked', 'Fill blocked', `Window open until ${on(status.window.lastDay)} — ${things(count)} the fill`);
      }
      // No window applies (PCNGP under REMS-2026): say whether the patient is already without capsules.
      return summary(
        'blocked',
        'Fill blocked',
        status.supplyEndsOn !== null && status.supplyEndsOn < asOf
          ? `Supply ran out after ${on(status.supplyEndsOn)} — ${things(count)} the next fill`
          : `Qualified, no window applies — ${things(count)} the fill`,
      );
    case 'AWAITING_MONTHLY_QUALIFICATION':
      return summary(
        'blocked',
        'Out of capsules',
        `${status.supplyEndsOn === null ? 'Supply ran out' : `Supply ran out after ${on(status.supplyEndsOn)}`} — ${things(count)} the next fill`,
      );
    case 'WINDOW_MISSED':
    case 'WINDOW_MISSED_FIRST': {
      const closed = status.window === null ? 'Window closed' : `Window closed after ${on(status.window.lastDay)}`;
      const next =
        status.lockoutUntil !== null && status.lockoutUntil > asOf
          ? `a new pregnancy test on or after ${on(status.lockoutUntil)} opens a new one`
          : status.window?.anchor === 'visit'
            ? 'a new visit with counseling opens a new one'
            : 'a new pregnancy test opens a new one';
      return summary('blocked', 'Window missed', `${closed} — ${next}`);
    }
    case 'ON_TREATMENT':
      return summary(
        'waiting',
        'On treatment',
        `On treatment${status.supplyEndsOn === null ? '' : `, supply lasts until ${on(status.supplyEndsOn)}`} — the next fill needs ${count} ${count === 1 ? 'thing' : 'things'}`,
      );
    case 'AWAITING_CONFIRMATION':
      return summary('waiting', 'Qualifying', `Waiting for the confirmation test — ${count} ${count === 1 ? 'thing' : 'things'} before the first fill`);
    case 'ENROLLED':
      return summary('waiting', 'Qualifying', `Enrolled — ${count} ${count === 1 ? 'thing' : 'things'} before the first fill`);
    default:
      // AUTHORIZED always has no blockers; any other state with blockers is at least "blocked".
      return summary('blocked', 'Fill blocked', `${things(count)} the next fill`);
  }
}
