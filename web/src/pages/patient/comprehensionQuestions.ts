// The monthly comprehension questions: isocourse's own multiple-choice questions on the program's
// key messages (domain.md §6), in its own words. The program's question bank is iPLEDGE's; the app
// records only whether they were all answered right, and on which day (R-CMP-1). Their words, in
// each language, are the catalogues' cq.ID.* (i18n/messages); which answer is right is here.
import { en, type MessageId } from '../../i18n/messages/en.js';

export interface ComprehensionQuestion {
  id: string;
  question: string;
  options: readonly string[];
  /** Index into options. */
  correct: number;
  /** Why, in the words of the key message it checks (§6, number `message`). */
  explanation: string;
  message: number;
}

/** Each question: its id (cq.ID.* in the catalogues), how many options, the right one, its key message. */
const QUESTIONS = [
  { id: 'birthDefects', options: 4, correct: 1, message: 1 },
  { id: 'pregnancyUntil', options: 4, correct: 2, message: 2 },
  { id: 'twoMethods', options: 4, correct: 0, message: 3 },
  { id: 'methodFailure', options: 4, correct: 3, message: 4 },
  { id: 'pickupWindow', options: 4, correct: 0, message: 6 },
  { id: 'thirtyDays', options: 4, correct: 2, message: 6 },
  { id: 'whereToGet', options: 4, correct: 1, message: 7 },
  { id: 'sharing', options: 4, correct: 3, message: 8 },
  { id: 'bloodDonation', options: 4, correct: 0, message: 9 },
  { id: 'warningSigns', options: 4, correct: 2, message: 10 },
] as const;

/** The questions in the reader's language (useWords().t). */
export function comprehensionQuestions(t: (id: MessageId) => string): readonly ComprehensionQuestion[] {
  return QUESTIONS.map(({ id, options, correct, message }) => ({
    id,
    question: t(`cq.${id}.question` as MessageId),
    options: Array.from({ length: options }, (_, index) => t(`cq.${id}.option${index}` as MessageId)),
    correct,
    explanation: t(`cq.${id}.explanation` as MessageId),
    message,
  }));
}

/** The questions in English, the source. */
export const COMPREHENSION_QUESTIONS: readonly ComprehensionQuestion[] = comprehensionQuestions((id) => en[id]);
