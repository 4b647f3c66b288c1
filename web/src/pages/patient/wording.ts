// The program's reasons (src/domain: fillReadiness, pregnancyTests, enrollment, programStatus) are
// written for the care team. This file says each one to the patient, in plain words: what it is,
// what to do and who does it. A code not listed here falls back to the server's own message.
import type { Reason } from '../../api';
import { en, type MessageId } from '../../i18n/messages/en.js';
import * as labels from '../../labels';
import { hasPatientWording, isStaffOnly, STEP_META, type Who } from './stepCodes.js';

/** A message in the reader's language (useWords().t); English where no language is given. */
export type Translate = (id: MessageId) => string;
const english: Translate = (id) => en[id];

export interface PatientStep {
  title: string;
  todo: string;
  who: Who;
  /** A page of this app where the patient does it. */
  link?: { to: string; text: string };
  /** Something to stop and act on now, not a routine step. */
  urgent?: boolean;
}

/** A reason in the patient's words, in her language; a code not listed here, as the server says it. */
export function patientStep(reason: Reason, t: Translate = english): PatientStep {
  const meta = STEP_META[reason.code];
  if (meta === undefined) {
    return { title: reason.message, todo: reason.action, who: 'careTeam' };
  }
  const id = (part: string) => `step.${reason.code}.${part}` as MessageId;
  return {
    title: t(id('title')),
    todo: t(id('todo')),
    who: meta.who,
    ...(meta.urgent === true ? { urgent: true } : {}),
    ...(meta.link === undefined ? {} : { link: { to: meta.link, text: t(id('link')) } }),
  };
}

/** The codes said in the patient's words (each has step.CODE.title and .todo in every catalogue). */
export const PATIENT_WORDED_CODES: readonly string[] = Object.keys(STEP_META);

export { hasPatientWording, isStaffOnly, type Who };

export function forPatient(reasons: readonly Reason[]): Reason[] {
  return reasons.filter((reason) => !isStaffOnly(reason.code));
}

/** Who does a step, in the reader's language. */
export function whoWords(t: Translate = english): Record<Who, string> {
  return { you: t('who.you'), careTeam: t('who.careTeam'), pharmacy: t('who.pharmacy') };
}

export const WHO: Record<Who, string> = whoWords();

/** The products' names as a patient reads them in a sentence: the generic is plain isotretinoin. */
export const PRODUCT_NAMES: Record<string, string> = { ...labels.PRODUCT_NAMES, isotretinoinGeneric: 'isotretinoin' };

const ANALYTE_CODES = ['triglycerides', 'totalCholesterol', 'ldl', 'hdl', 'alt', 'ast', 'glucose', 'ck'] as const;

/** A blood test's name in the patient's words and language; a code this page does not know, as it is. */
export function analyteName(code: string, t: Translate = english): string {
  return ANALYTE_CODES.some((known) => known === code) ? t(`analyte.${code}` as MessageId) : code;
}
