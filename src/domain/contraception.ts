// Contraception for patients who can get pregnant (R-CON-1..R-CON-8).
import { compareDates, isOnOrBefore, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import { PRIMARY_METHODS, SECONDARY_METHODS, type ContraceptionDeclaration, type ContraceptionMethod } from './facts.js';

const PRIMARY: readonly ContraceptionMethod[] = PRIMARY_METHODS;
const SECONDARY: readonly ContraceptionMethod[] = SECONDARY_METHODS;

/** Methods whose effect depends on hormones, which enzyme inducers can defeat. */
export const HORMONAL_METHODS: readonly ContraceptionMethod[] = [
  'iudHormonal',
  'combinedOralContraceptive',
  'transdermalPatch',
  'injection',
  'implant',
  'vaginalRing',
  'progestinOnlyPill',
];

type DeclarationContent = Pick<ContraceptionDeclaration, 'methods' | 'abstinence' | 'takesEnzymeInducer'>;

/**
 * Two methods at the same time, at least one primary, or an abstinence commitment (R-CON-1).
 * Methods the program does not accept are ignored when counting, so a mini-pill never stands in
 * for a primary method (R-CON-4, T-43).
 */
export function assessContraception(declaration: DeclarationContent): Decision {
  if (declaration.abstinence) {
    return decide([]);
  }
  const methods = [...new Set(declaration.methods)];
  const primaries = methods.filter((method) => PRIMARY.includes(method));
  const accepted = methods.filter((method) => PRIMARY.includes(method) || SECONDARY.includes(method));
  const reasons: Reason[] = [];
  if (primaries.length === 0) {
    reasons.push(
      reason(
        'NO_PRIMARY_METHOD',
        'R-CON-1',
        methods.includes('progestinOnlyPill')
          ? 'A progestin-only "mini-pill" is not accepted as a primary method during isotretinoin; no primary method was declared.'
          : 'No primary method was declared.',
        'Declare a primary method (IUD, implant, combined pill, patch, ring, injection, sterilization or partner vasectomy) with a second method, or an abstinence commitment.',
      ),
    );
  } else if (accepted.length < 2) {
    reasons.push(
      reason(
        'SECOND_METHOD_REQUIRED',
        'R-CON-1',
        'Only one accepted method was declared; two are required at the same time.',
        'Add a second method (for example a male condom).',
      ),
    );
  }
  const warnings: Reason[] = [];
  if (declaration.takesEnzymeInducer && methods.some((method) => HORMONAL_METHODS.includes(method))) {
    warnings.push(
      reason(
        'HORMONAL_METHOD_MAY_FAIL',
        'R-CON-8',
        "St John's wort or another enzyme inducer can make hormonal contraception fail.",
        'Counsel the patient; the second method should be non-hormonal.',
      ),
    );
  }
  return decide(reasons, warnings);
}

/** What "same methods as last month" records: the last declaration's content, declared again today. */
export type CarriedDeclaration = Pick<ContraceptionDeclaration, 'declaredOn' | 'methods' | 'abstinence' | 'startedOn' | 'takesEnzymeInducer'>;

export type CarryForward =
  { allowed: true; declaration: CarriedDeclaration; reasons: []; warnings: Reason[] } | { allowed: false; reasons: Reason[]; warnings: Reason[] };

/**
 * "Same methods as last month" (R-CON-1, R-CON-5, R-CMP-1): the latest declaration on or before
 * `declaredOn` carried forward with its ORIGINAL start date (the methods have been in use without a
 * break since then), declared again on `declaredOn` and checked again under today's rules. A first
 * declaration, or methods the rules no longer accept, are refused with the reasons: those need the
 * full form (or the care team), never a tick.
 */
export function sameMethodsAsLastMonth(
  previous: readonly ContraceptionDeclaration[],
  declaredOn: IsoDate,
  /**
   * The start of the current qualification episode (course.ts episodeStart): a declaration from
   * before it (before a change to PCGP or a restart, R-CAT-2, R-END-4) is never carried forward —
   * the new episode's first month needs the full form.
   */
  since: IsoDate | null = null,
): CarryForward {
  const last = previous
    .filter((declaration) => isOnOrBefore(declaration.declaredOn, declaredOn) && (since === null || isOnOrBefore(since, declaration.declaredOn)))
    .sort((a, b) => compareDates(a.declaredOn, b.declaredOn) || a.recordedAt.localeCompare(b.recordedAt))
    .at(-1);
  if (last === undefined) {
    return {
      allowed: false,
      reasons: [
        reason(
          'NO_PREVIOUS_DECLARATION',
          'R-CON-1',
          since === null
            ? 'There is no earlier contraception declaration to carry forward.'
            : `There is no contraception declaration since ${since} (the start of this qualification) to carry forward.`,
          'Declare the two methods (or the abstinence commitment) with the full form.',
        ),
      ],
      warnings: [],
    };
  }
  const declaration: CarriedDeclaration = {
    declaredOn,
    methods: [...last.methods],
    abstinence: last.abstinence,
    startedOn: last.startedOn,
    takesEnzymeInducer: last.takesEnzymeInducer,
  };
  const decision = assessContraception(declaration);
  if (!decision.allowed) {
    return {
      allowed: false,
      reasons: [
        reason(
          'LAST_METHODS_NOT_ACCEPTED',
          'R-CON-1',
          `The methods declared on ${last.declaredOn} do not meet today's rules, so they cannot be carried forward.`,
          'Declare the methods again with the full form.',
        ),
        ...decision.reasons,
      ],
      warnings: decision.warnings,
    };
  }
  return { allowed: true, declaration, reasons: [], warnings: decision.warnings };
}
