// The patient's rating of the pharmacy's service after delivery (issue 6): delivery, packaging and
// support, 1–5 each, and an optional comment. What is public is the SERVICE only — never what the
// medicine did: a comment is held until the pharmacy publishes it, and a comment the claim screen
// flags (acne, skin, side effects, dose, mood, pregnancy…) cannot be published at all; the
// pharmacy rejects the comment and the ratings still count.
//
// Numeric ratings are not moderated: three numbers about the service can carry no claim about the
// medicine and no identifying data, so every submitted rating counts in the averages at once. Only
// the free text is moderated. A decision is a fact; the latest one wins (a published comment can be
// withdrawn by a later rejection, a rejected one published after all if it passes the screen).
import { codePoints } from './codePoints.js';
import type { IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { OrderState } from './orders.js';

export const RATING_ASPECTS = ['delivery', 'packaging', 'support'] as const;
export type RatingAspect = (typeof RATING_ASPECTS)[number];
export type Ratings = Record<RatingAspect, number>;

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const COMMENT_MAX_LENGTH = 1000;
export const REJECTION_REASON_MAX_LENGTH = 500;

/**
 * Words and phrases that make a comment a claim about what the medicine did (efficacy, side
 * effects, health) rather than about the pharmacy's service. THE one list: change it here. Case is
 * ignored; a trailing `*` matches any ending (`pregnan*` → pregnant, pregnancy); words match whole
 * (`scar` does not match "scarf"). A false alarm costs little (the moderator rejects the comment, the
 * ratings still count); a claim published would be the pharmacy advertising a medicine's effects.
 */
export const HEALTH_CLAIM_TERMS: readonly string[] = [
  // the condition and the skin
  'acne',
  'pimple*',
  'zit*',
  'breakout*',
  'broke out',
  'blemish*',
  'spots',
  'skin',
  'scar',
  'scars',
  'scarring',
  'oily',
  'complexion',
  // efficacy
  'clear',
  'cleared',
  'clearing',
  'clearer',
  'worked',
  'works wonders',
  'cure*',
  'heal*',
  'miracle',
  'effective',
  'improved',
  // side effects and symptoms
  'side effect*',
  'side-effect*',
  'dry lips',
  'chapped',
  'dry eyes',
  'nosebleed*',
  'rash*',
  'headache*',
  'joint pain',
  'back pain',
  'hair loss',
  'symptom*',
  'sunburn*',
  'liver',
  'cholesterol',
  'triglyceride*',
  // the course itself
  'dose*',
  'dosage',
  'mg',
  'capsules a day',
  // mood and pregnancy
  'depress*',
  'mood*',
  'anxi*',
  'suicid*',
  'pregnan*',
  'birth control',
  'contracepti*',
];

function termPattern(term: string): RegExp {
  const prefix = term.endsWith('*');
  const body = (prefix ? term.slice(0, -1) : term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'iu');
}

const CLAIM_PATTERNS = HEALTH_CLAIM_TERMS.map((term) => ({ term, pattern: termPattern(term) }));

/** Email addresses, phone numbers and long identifiers (a program id, an order number): never published. */
const PERSONAL_DATA_PATTERNS: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: 'an email address', pattern: /[^\s@]+@[^\s@]+\.[^\s@]+/u },
  { what: 'a phone number', pattern: /(?:\+?\d[\s().-]*){7,}/u },
  { what: 'an identifier', pattern: /\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{8,}\b/u },
];

/** The claim-screen's terms found in a comment, in the list's order (empty: none). */
export function healthClaimTerms(comment: string): string[] {
  return CLAIM_PATTERNS.filter(({ pattern }) => pattern.test(comment)).map(({ term }) => term.replace(/\*$/, ''));
}

/**
 * What the moderator must see about a comment before publishing it: claims about what the medicine
 * did, and personal data. Each is a reason that blocks publication (decideModeration).
 */
export function screenComment(comment: string): Reason[] {
  const warnings: Reason[] = [];
  const terms = healthClaimTerms(comment);
  if (terms.length > 0) {
    warnings.push(
      reason(
        'COMMENT_HEALTH_CLAIM',
        'APP-FEEDBACK',
        `The comment speaks of the medicine or health (${terms.map((term) => `“${term}”`).join(', ')}), not only of the pharmacy’s service.`,
        'Reject the comment (the ratings still count). The public pages show ratings of the service only, never what the medicine did.',
      ),
    );
  }
  const personal = PERSONAL_DATA_PATTERNS.filter(({ pattern }) => pattern.test(comment)).map(({ what }) => what);
  if (personal.length > 0) {
    warnings.push(
      reason(
        'COMMENT_PERSONAL_DATA',
        'APP-FEEDBACK',
        `The comment seems to contain ${personal.join(' and ')}.`,
        'Reject the comment (the ratings still count): nothing that could identify a patient is published.',
      ),
    );
  }
  return warnings;
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface FeedbackInput extends Ratings {
  comment?: string | null | undefined;
}

/** Each rating a whole number 1–5; the comment, when given, not blank and at most 1000 characters. */
export function validateFeedback(input: FeedbackInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const aspect of RATING_ASPECTS) {
    const value = input[aspect];
    if (!Number.isInteger(value) || value < RATING_MIN || value > RATING_MAX) {
      problems.push({ field: aspect, code: 'RATING_OUT_OF_RANGE', message: `Rate ${aspect} from ${RATING_MIN} to ${RATING_MAX} stars.` });
    }
  }
  const comment = input.comment;
  if (comment !== undefined && comment !== null) {
    if (comment.trim() === '') {
      problems.push({ field: 'comment', code: 'COMMENT_BLANK', message: 'Leave the comment out, or write something.' });
    } else if (codePoints(comment).length > COMMENT_MAX_LENGTH) {
      problems.push({ field: 'comment', code: 'COMMENT_TOO_LONG', message: `At most ${COMMENT_MAX_LENGTH} characters.` });
    }
  }
  return problems;
}

export type ModerationDecision = 'published' | 'rejected';

export interface Moderation {
  decision: ModerationDecision;
  reason: string | null;
  decidedOn: IsoDate;
}

/** One patient's feedback on one order, with the moderation decisions about its comment, oldest first. */
export interface ServiceFeedback {
  id: string;
  orderId: string;
  pharmacyId: string;
  ratings: Ratings;
  comment: string | null;
  submittedOn: IsoDate;
  moderations: Moderation[];
}

export type CommentStatus = 'noComment' | 'awaitingModeration' | 'published' | 'rejected';

/** Where the comment stands: the latest decision wins; a comment with no decision awaits one. */
export function commentStatus(feedback: Pick<ServiceFeedback, 'comment' | 'moderations'>): { status: CommentStatus; latest: Moderation | null } {
  if (feedback.comment === null) {
    return { status: 'noComment', latest: null };
  }
  const latest = feedback.moderations.at(-1) ?? null;
  return { status: latest === null ? 'awaitingModeration' : latest.decision, latest };
}

/**
 * May the patient rate this order now? Only once it was delivered (its state derived by
 * orderStatus), and only once. Whose order it is, the service checks (another's is "not found").
 */
export function decideFeedback(orderState: OrderState, existing: Pick<ServiceFeedback, 'submittedOn'> | null): Decision {
  const reasons: Reason[] = [];
  if (orderState !== 'delivered') {
    reasons.push(
      reason(
        'ORDER_NOT_DELIVERED',
        'APP-FEEDBACK',
        'The pharmacy’s service can be rated once the order was delivered.',
        orderState === 'cancelled' || orderState === 'stopped' || orderState === 'refunded'
          ? 'This order will not be delivered; rate the service of an order that was.'
          : 'Come back when the order has arrived.',
      ),
    );
  }
  if (existing !== null) {
    reasons.push(
      reason(
        'FEEDBACK_ALREADY_GIVEN',
        'APP-FEEDBACK',
        `You rated this order on ${existing.submittedOn}.`,
        'Each order is rated once; rate your next order when it arrives.',
      ),
    );
  }
  return decide(reasons);
}

/**
 * May the pharmacy take this decision about the comment? There must be a comment; a comment the
 * screen flags cannot be published (the safer behaviour: the moderator rejects it, the ratings
 * still count). The reason for a rejection is checked as input by the service.
 */
export function decideModeration(feedback: Pick<ServiceFeedback, 'comment' | 'moderations'>, decision: ModerationDecision): Decision {
  if (feedback.comment === null) {
    return decide([
      reason(
        'NO_COMMENT_TO_MODERATE',
        'APP-FEEDBACK',
        'This feedback has ratings only, no comment.',
        'Nothing to decide: ratings count as soon as they are given.',
      ),
    ]);
  }
  if (decision === 'published' && commentStatus(feedback).status === 'published') {
    return decide([reason('COMMENT_ALREADY_PUBLISHED', 'APP-FEEDBACK', 'The comment is already published.', 'Nothing to do; reject it to withdraw it.')]);
  }
  if (decision === 'published') {
    const flags = screenComment(feedback.comment);
    if (flags.length > 0) {
      return decide(flags.map((flag) => reason(`${flag.code}_NOT_PUBLISHABLE`, flag.rule, `${flag.message} It cannot be published.`, flag.action)));
    }
  }
  return decide([]);
}

export interface RatingSummary {
  /** Average of all submitted ratings, one decimal; null when there are none. */
  average: number | null;
  count: number;
}

export interface PublicComment {
  text: string;
  /** YYYY-MM: the month only, nothing finer that could point to a person. */
  month: string;
  ratings: Ratings;
}

export interface PublicServiceRatings {
  ratings: Record<RatingAspect, RatingSummary>;
  comments: PublicComment[];
}

function averageOf(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10;
}

/**
 * What the public may see of one pharmacy's feedback: the averages and counts of every submitted
 * rating, and the comments whose latest decision is "published" and that still pass the screen
 * (the list can grow after a comment was published), newest first — text, month and ratings only.
 */
export function publicServiceRatings(feedbacks: readonly ServiceFeedback[]): PublicServiceRatings {
  const ratings = Object.fromEntries(
    RATING_ASPECTS.map((aspect) => [aspect, { average: averageOf(feedbacks.map((feedback) => feedback.ratings[aspect])), count: feedbacks.length }]),
  ) as Record<RatingAspect, RatingSummary>;
  const comments = feedbacks
    .filter((feedback) => commentStatus(feedback).status === 'published' && feedback.comment !== null && screenComment(feedback.comment).length === 0)
    .sort((a, b) => (a.submittedOn < b.submittedOn ? 1 : a.submittedOn > b.submittedOn ? -1 : 0))
    .map((feedback) => ({ text: feedback.comment ?? '', month: feedback.submittedOn.slice(0, 7), ratings: { ...feedback.ratings } }));
  return { ratings, comments };
}
