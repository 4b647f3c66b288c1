// Contraception for patients who can get pregnant (R-CON-1..R-CON-8).
import { isBefore, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import {
  PRIMARY_METHODS,
  SECONDARY_METHODS,
  type ContraceptionDeclaration,
  type ContraceptionMethod,
  type RiskCategory,
} from './facts.js';

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

/** What the care team's "Same methods as last month" carries forward, or why it cannot. */
export type CarriedDeclaration =
  | { allowed: true; declaration: Omit<ContraceptionDeclaration, 'enteredBy' | 'recordedAt'>; warnings: Reason[] }
  | { allowed: false; reasons: Reason[] };

/**
 * "Same methods as last month" (issue 10): the patient's last declaration, declared again on
 * `declaredOn` with its ORIGINAL start date (R-CON-5 counts from it), judged again under today's
 * rules. It is refused, so the full form is needed, when the patient needs no contraception
 * (PCNGP), when there is no earlier declaration, when the last one predates a change of category
 * (a PCGP qualification starts again, R-CAT-2), or when its methods are no longer accepted (R-CON-1).
 */
export function sameMethodsAsLastMonth(
  previous: ContraceptionDeclaration | null,
  context: { declaredOn: IsoDate; category: RiskCategory | null; categoryChangedOn: IsoDate | null },
): CarriedDeclaration {
  if (context.category !== 'PCGP') {
    return refuse(
      'CONTRACEPTION_NOT_REQUIRED',
      'R-CAT-1',
      'The patient cannot get pregnant (category PCNGP): there is no contraception to confirm.',
      'Leave contraception out of the visit.',
    );
  }
  if (previous === null) {
    return refuse(
      'NO_PREVIOUS_DECLARATION',
      'R-CON-1',
      'There is no earlier contraception declaration to carry forward.',
      'Fill in the methods in use and since when.',
    );
  }
  if (context.categoryChangedOn !== null && isBefore(previous.declaredOn, context.categoryChangedOn)) {
    return refuse(
      'DECLARATION_BEFORE_CATEGORY_CHANGE',
      'R-CAT-2',
      `The last declaration (${previous.declaredOn}) was made before the category changed on ${context.categoryChangedOn}.`,
      'Fill in the methods in use and since when.',
    );
  }
  const decision = assessContraception(previous);
  if (!decision.allowed) {
    return {
      allowed: false,
      reasons: [
        reason(
          'PREVIOUS_METHODS_NOT_ACCEPTED',
          'R-CON-1',
          `Last month's declaration (${previous.declaredOn}) does not meet the program rules: ${decision.reasons.map((r) => r.message).join(' ')}`,
          'Fill in the methods in use now and since when.',
        ),
      ],
    };
  }
  return {
    allowed: true,
    declaration: {
      declaredOn: context.declaredOn,
      methods: [...previous.methods],
      abstinence: previous.abstinence,
      startedOn: previous.startedOn,
      takesEnzymeInducer: previous.takesEnzymeInducer,
    },
    warnings: decision.warnings,
  };
}

function refuse(code: string, rule: string, message: string, action: string): CarriedDeclaration {
  return { allowed: false, reasons: [reason(code, rule, message, action)] };
}
