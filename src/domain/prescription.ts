// Prescription limits (R-RX-1, R-RX-2, R-RX-5) and product facts (§3.1).
import { type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { Prescription, Product } from './facts.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

/**
 * Only FDA-approved isotretinoin products can be prescribed and dispensed (R-RX-4): the product is
 * one of this list, never free text.
 * Capsule strengths on the US market (§3.1); generics vary by maker, so their list is the common one. */
export const PRODUCT_STRENGTHS_MG: Record<Product, readonly number[]> = {
  absorica: [10, 20, 25, 30, 35, 40],
  absoricaLd: [8, 16, 20, 24, 28, 32],
  claravis: [10, 20, 30, 40],
  amnesteem: [10, 20, 40],
  myorisan: [10, 20, 30, 40],
  zenatane: [10, 20, 30, 40],
  isotretinoinGeneric: [10, 20, 25, 30, 35, 40],
};

export const PRODUCTS = Object.keys(PRODUCT_STRENGTHS_MG) as Product[];

type PrescriptionTerms = Pick<Prescription, 'product' | 'strengthMg' | 'daysSupply' | 'refills'>;

export function prescriptionLimitReasons(terms: PrescriptionTerms, writtenOn: IsoDate, config: ProgramConfig): Reason[] {
  const rules = ruleSetOn(writtenOn, config);
  const reasons: Reason[] = [];
  if (terms.daysSupply > rules.maxDaysSupply) {
    reasons.push(
      reason(
        'DAYS_SUPPLY_OVER_30',
        'R-RX-1',
        `A prescription may cover at most ${rules.maxDaysSupply} days; this one covers ${terms.daysSupply}.`,
        `Write the prescription for ${rules.maxDaysSupply} days or fewer.`,
      ),
    );
  }
  if (terms.refills > rules.maxRefills) {
    reasons.push(
      reason(
        'REFILLS_NOT_ALLOWED',
        'R-RX-2',
        'Isotretinoin prescriptions cannot have refills; each month needs a new prescription.',
        'Write the prescription with no refills.',
      ),
    );
  }
  if (!PRODUCT_STRENGTHS_MG[terms.product].includes(terms.strengthMg)) {
    reasons.push(
      reason(
        'STRENGTH_NOT_AVAILABLE',
        '§3.1',
        `${terms.product} does not come in ${terms.strengthMg} mg capsules.`,
        `Choose one of: ${PRODUCT_STRENGTHS_MG[terms.product].join(', ')} mg.`,
      ),
    );
  }
  return reasons;
}
