// What the web app knows that the server also knows, because no answer carries it yet: the capsule
// strengths on the market and the lab analytes' names. test/web/serverCopies.test.ts compares them
// with src/domain, so they cannot drift. No imports: that test reads this file under Node.

/** Capsule strengths on the US market per product (src/domain/prescription.ts, §3.1). */
export const PRODUCT_STRENGTHS_MG: Record<string, readonly number[]> = {
  absorica: [10, 20, 25, 30, 35, 40],
  absoricaLd: [8, 16, 20, 24, 28, 32],
  claravis: [10, 20, 30, 40],
  amnesteem: [10, 20, 40],
  myorisan: [10, 20, 30, 40],
  zenatane: [10, 20, 30, 40],
  isotretinoinGeneric: [10, 20, 25, 30, 35, 40],
};

/** How the lab analytes are named (src/domain/labs.ts LAB_ANALYTE_NAMES). */
export const ANALYTE_WORDS: Record<string, string> = {
  triglycerides: 'Triglycerides',
  totalCholesterol: 'Total cholesterol',
  ldl: 'LDL cholesterol',
  hdl: 'HDL cholesterol',
  alt: 'ALT',
  ast: 'AST',
  glucose: 'Glucose',
  ck: 'CK',
};
