// Contraception for patients who can get pregnant (R-CON-1..R-CON-8).
import { decide, reason, type Decision, type Reason } from './decision.js';
import {
  PRIMARY_METHODS,
  SECONDARY_METHODS,
  type ContraceptionDeclaration,
  type ContraceptionMethod,
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
