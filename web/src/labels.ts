// Words for the codes the API answers with, where every page says them the same way. Words a page
// says its own way on purpose stay with it: the patient's plain words (pages/patient/wording.ts),
// the care team's and the pharmacist's words for the program states.
import type { Product } from './apiTypes';

/** The products (src/domain/facts.ts), by the names on their packs. */
export const PRODUCT_NAMES: Readonly<Record<Product, string>> = {
  absorica: 'Absorica',
  absoricaLd: 'Absorica LD',
  claravis: 'Claravis',
  amnesteem: 'Amnesteem',
  myorisan: 'Myorisan',
  zenatane: 'Zenatane',
  isotretinoinGeneric: 'Isotretinoin (generic)',
};

/** The products as a select's options. */
export const PRODUCT_OPTIONS = Object.entries(PRODUCT_NAMES) as ReadonlyArray<readonly [Product, string]>;

/** A product's name; a code this page does not know, as it is. */
export function productName(code: string): string {
  return (PRODUCT_NAMES as Readonly<Partial<Record<string, string>>>)[code] ?? code;
}
