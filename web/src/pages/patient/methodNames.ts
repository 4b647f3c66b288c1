// The birth-control methods in the patient's words and language (the words: i18n/messages,
// method.CODE; the content tests read this file under Node).
import { en, type MessageId } from '../../i18n/messages/en.js';

type Translate = (id: MessageId) => string;
const english: Translate = (id) => en[id];

/** The program's methods (R-CON-2..R-CON-4), by code. */
const METHOD_CODES = [
  'tubalSterilization',
  'partnerVasectomy',
  'iudCopper',
  'iudHormonal',
  'combinedOralContraceptive',
  'transdermalPatch',
  'injection',
  'implant',
  'vaginalRing',
  'maleCondom',
  'diaphragmWithSpermicide',
  'cervicalCapWithSpermicide',
  'spermicidalSponge',
  'progestinOnlyPill',
  'femaleCondom',
  'withdrawal',
  'fertilityAwareness',
  'spermicideAlone',
  'emergencyContraception',
] as const;

/** A method's name in the reader's language; a code this page does not know, as it is. */
export function methodName(code: string, t: Translate = english): string {
  return METHOD_CODES.some((known) => known === code) ? t(`method.${code}` as MessageId) : code;
}

/** Birth-control methods as the patient says them, in English (the program's list). */
export const METHOD_NAMES: Record<string, string> = Object.fromEntries(METHOD_CODES.map((code) => [code, methodName(code)]));

/** "Copper IUD + Male condom", or the abstinence commitment, in the reader's language. */
export function methodsInWords(declaration: { methods: readonly string[]; abstinence: boolean }, t: Translate = english): string {
  return declaration.abstinence ? t('method.abstinence') : declaration.methods.map((method) => methodName(method, t)).join(' + ');
}
