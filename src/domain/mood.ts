// Mood and psychiatric screening (domain.md §4.3): PHQ-9 scoring and the R-MOOD-1..3 alerts.
//
// Decisions made here [APP]:
// * The baseline is the first PHQ-9 of the course; callers pass the earlier questionnaires of the
//   course oldest first, so the baseline and the previous one can never disagree.
// * R-MOOD-2 "a new band ≥ moderate": the band is worse than the previous questionnaire's band and
//   at least moderate. The baseline questionnaire has no previous band, so a baseline at moderate or
//   worse counts as new: the prescriber reviews it before the first authorization (conservative).
// * A rise "≥ 5 points from baseline" compares the total with the baseline total; it cannot apply to
//   the baseline itself.
// * R-MOOD-2 does not block dispensing (it is an urgent alert due before the next authorization);
//   like every urgent alert it is acknowledged with a note (alerts.ts).
import { alert, type Alert } from './alerts.js';
import { jsonText } from './jsonText.js';
import type { FieldProblem } from './pregnancyTests.js';

export { acknowledgeAlert } from './alerts.js';

export const PHQ9_ITEM_COUNT = 9;
export const PHQ9_MAX_ANSWER = 3;
export const PHQ9_MAX_TOTAL = PHQ9_ITEM_COUNT * PHQ9_MAX_ANSWER;

export type Phq9Band = 'minimal' | 'mild' | 'moderate' | 'moderatelySevere' | 'severe';

/** Bands in increasing order with their lowest total (§4.3). */
export const PHQ9_BANDS: readonly { band: Phq9Band; from: number; label: string }[] = [
  { band: 'minimal', from: 0, label: 'minimal' },
  { band: 'mild', from: 5, label: 'mild' },
  { band: 'moderate', from: 10, label: 'moderate' },
  { band: 'moderatelySevere', from: 15, label: 'moderately severe' },
  { band: 'severe', from: 20, label: 'severe' },
];

/** R-MOOD-2 thresholds. */
export const MOOD_REVIEW_TOTAL = 15;
export const MOOD_REVIEW_RISE_FROM_BASELINE = 5;

/** Shown to the patient at once with any sign of suicidal ideation (R-MOOD-1). */
export const CRISIS_RESOURCES =
  'If you are thinking about hurting yourself or ending your life, help is available right now: ' +
  'call or text 988 (988 Suicide & Crisis Lifeline, US, any time, free). ' +
  'If you are in immediate danger, call 911. Your prescriber will contact you today.';

/** Problems with a set of PHQ-9 answers: exactly 9 answers, each an integer 0..3. Empty when valid. */
export function phq9InputProblems(answers: unknown): FieldProblem[] {
  if (!Array.isArray(answers)) {
    return [{ field: 'answers', code: 'REQUIRED', message: `The PHQ-9 needs a list of ${PHQ9_ITEM_COUNT} answers.` }];
  }
  const problems: FieldProblem[] = [];
  if (answers.length !== PHQ9_ITEM_COUNT) {
    problems.push({
      field: 'answers',
      code: 'WRONG_ITEM_COUNT',
      message: `The PHQ-9 has exactly ${PHQ9_ITEM_COUNT} questions; ${answers.length} answers were given.`,
    });
  }
  answers.forEach((answer: unknown, index) => {
    if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 0 || answer > PHQ9_MAX_ANSWER) {
      problems.push({
        field: `answers/${index}`,
        code: 'INVALID_ANSWER',
        message: `Answer ${index + 1} must be 0, 1, 2 or 3 (got ${jsonText(answer) ?? String(answer)}).`,
      });
    }
  });
  return problems;
}

export interface Phq9Score {
  answers: readonly number[];
  total: number;
  band: Phq9Band;
  /** Item 9: thoughts that you would be better off dead or of hurting yourself (R-MOOD-1). */
  item9: number;
}

/** The band of a total 0..27 (§4.3). */
export function phq9Band(total: number): Phq9Band {
  if (!Number.isInteger(total) || total < 0 || total > PHQ9_MAX_TOTAL) {
    throw new RangeError(`A PHQ-9 total is an integer 0..${PHQ9_MAX_TOTAL}; got ${total}`);
  }
  let found: Phq9Band = 'minimal';
  for (const { band, from } of PHQ9_BANDS) {
    if (total >= from) {
      found = band;
    }
  }
  return found;
}

function bandRank(band: Phq9Band): number {
  return PHQ9_BANDS.findIndex((entry) => entry.band === band);
}

function bandLabel(band: Phq9Band): string {
  return PHQ9_BANDS.find((entry) => entry.band === band)?.label ?? band;
}

/** Scores valid answers; throws on invalid ones (check phq9InputProblems first). */
export function scorePhq9(answers: readonly number[]): Phq9Score {
  const problems = phq9InputProblems(answers);
  if (problems.length > 0) {
    throw new RangeError(`Invalid PHQ-9 answers: ${problems.map((problem) => problem.message).join(' ')}`);
  }
  const total = answers.reduce((sum, answer) => sum + answer, 0);
  return { answers: [...answers], total, band: phq9Band(total), item9: answers[PHQ9_ITEM_COUNT - 1] ?? 0 };
}

/** R-MOOD-1: the urgent alert for any sign of suicidal ideation (PHQ-9 item 9, or a symptom report). */
export function suicidalIdeationAlert(finding: string): Alert {
  return alert(
    'SUICIDAL_IDEATION',
    'R-MOOD-1',
    'urgent',
    `${finding} The patient has been shown crisis resources (988 Suicide & Crisis Lifeline).`,
    'Contact the patient today to assess safety; consider stopping isotretinoin and refer to mental health ' +
      '(stopping alone may not be enough). Emergency services if the patient is at immediate risk.',
    { patientMessage: CRISIS_RESOURCES, acknowledgeBy: 'today' },
  );
}

export type MoodReviewTrigger = 'totalAtLeast15' | 'riseFromBaseline' | 'newBandModerateOrWorse';

export interface Phq9Assessment {
  score: Phq9Score;
  /** The first PHQ-9 of the course; null when this questionnaire is the baseline. */
  baseline: Phq9Score | null;
  /** The questionnaire just before this one; null when this is the baseline. */
  previous: Phq9Score | null;
  /** Total minus the baseline total; null when this is the baseline. */
  changeFromBaseline: number | null;
  /** Why R-MOOD-2 fired; empty when it did not. */
  reviewTriggers: MoodReviewTrigger[];
  /** R-MOOD-1 and R-MOOD-2 alerts, most urgent first. */
  alerts: Alert[];
}

/**
 * Scores a PHQ-9 and raises R-MOOD-1 / R-MOOD-2 alerts. `earlier` holds the course's earlier
 * questionnaires' answers, oldest first: the first is the baseline, the last the previous one.
 */
export function assessPhq9(answers: readonly number[], earlier: readonly (readonly number[])[] = []): Phq9Assessment {
  const score = scorePhq9(answers);
  const firstAnswers = earlier[0];
  const lastAnswers = earlier[earlier.length - 1];
  const baseline = firstAnswers === undefined ? null : scorePhq9(firstAnswers);
  const previous = lastAnswers === undefined ? null : scorePhq9(lastAnswers);
  const changeFromBaseline = baseline === null ? null : score.total - baseline.total;

  const alerts: Alert[] = [];
  if (score.item9 > 0) {
    alerts.push(
      suicidalIdeationAlert(`PHQ-9 item 9 (thoughts of death or self-harm) answered ${score.item9} of 3 (total ${score.total}, ${bandLabel(score.band)}).`),
    );
  }

  const reviewTriggers: MoodReviewTrigger[] = [];
  const why: string[] = [];
  if (score.total >= MOOD_REVIEW_TOTAL) {
    reviewTriggers.push('totalAtLeast15');
    why.push(`total ${score.total} is ${MOOD_REVIEW_TOTAL} or more`);
  }
  if (baseline !== null && changeFromBaseline !== null && changeFromBaseline >= MOOD_REVIEW_RISE_FROM_BASELINE) {
    reviewTriggers.push('riseFromBaseline');
    why.push(`total rose ${changeFromBaseline} points from the baseline ${baseline.total}`);
  }
  const moderate = bandRank('moderate');
  if (bandRank(score.band) >= moderate && (previous === null || bandRank(score.band) > bandRank(previous.band))) {
    reviewTriggers.push('newBandModerateOrWorse');
    why.push(
      previous === null ? `the baseline is already ${bandLabel(score.band)}` : `the band worsened from ${bandLabel(previous.band)} to ${bandLabel(score.band)}`,
    );
  }
  if (reviewTriggers.length > 0) {
    alerts.push(
      alert(
        'MOOD_REVIEW_REQUIRED',
        'R-MOOD-2',
        'urgent',
        `PHQ-9 total ${score.total} (${bandLabel(score.band)}): ${why.join('; ')}.`,
        'Review the patient before the next authorization: assess mood and safety; consider stopping isotretinoin ' +
          'and referring to mental health. Dispensing is not blocked automatically.',
        { acknowledgeBy: 'beforeNextAuthorization' },
      ),
    );
  }
  return { score, baseline, previous, changeFromBaseline, reviewTriggers, alerts };
}

/** Baseline psychiatric history asked before starting (R-MOOD-3, X-15). */
export interface PsychiatricHistory {
  depression: boolean;
  psychosis: boolean;
  suicideAttempt: boolean;
  /** Family history of depression, psychosis or suicide. */
  familyHistory: boolean;
}

const HISTORY_LABELS: Record<keyof PsychiatricHistory, string> = {
  depression: 'depression',
  psychosis: 'psychosis',
  suicideAttempt: 'a suicide attempt',
  familyHistory: 'a family history of psychiatric illness or suicide',
};

/** R-MOOD-3: any baseline history flag → CLOSER_MOOD_FOLLOW_UP (a warning, not a block). */
export function psychiatricHistoryAlerts(history: PsychiatricHistory): Alert[] {
  const flags = (Object.keys(HISTORY_LABELS) as (keyof PsychiatricHistory)[]).filter((key) => history[key]);
  if (flags.length === 0) {
    return [];
  }
  return [
    alert(
      'CLOSER_MOOD_FOLLOW_UP',
      'R-MOOD-3',
      'warning',
      `Psychiatric history at baseline: ${flags.map((key) => HISTORY_LABELS[key]).join(', ')}.`,
      'Follow mood closely: PHQ-9 at every visit, ask about mood and suicidal thoughts, involve the mental-health ' +
        'clinician if there is one, and tell the patient and family which changes to report at once.',
    ),
  ];
}
