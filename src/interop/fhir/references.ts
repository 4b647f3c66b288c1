// Small shared pieces of the FHIR mappings: references, instants and the medication's concept.
import type { CodeableConcept, Patient, Practitioner, Reference } from '@medplum/fhirtypes';
import type { Product } from '../../domain/facts.js';
import { PRODUCT_DOSING } from '../../domain/dosing.js';
import { RXNORM, USER_ID_SYSTEM } from './systems.js';

export function patientReference(patientId: string): Reference<Patient> {
  return { reference: `Patient/${patientId}` };
}

/** A user isocourse serves no resource for (prescriber, pharmacist): a logical reference by identifier. */
export function userReference(userId: string, display?: string): Reference<Practitioner> {
  return { identifier: { system: USER_ID_SYSTEM, value: userId }, ...(display === undefined ? {} : { display }) };
}

/** A database timestamp (Date, or the text PostgreSQL's JSON gives) as a FHIR instant. */
export function instant(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export const ISOTRETINOIN_INGREDIENT_RXCUI = '6064';

/**
 * RxNorm's clinical drugs (SCD) for conventional isotretinoin capsules, by strength. Every
 * conventional product (the generics, Absorica, Claravis, Amnesteem, Myorisan, Zenatane) is one of
 * these; its brand is named in the concept's text.
 */
export const ISOTRETINOIN_SCD_BY_STRENGTH_MG: Readonly<Record<number, { code: string; display: string }>> = {
  10: { code: '197843', display: 'isotretinoin 10 MG Oral Capsule' },
  20: { code: '197844', display: 'isotretinoin 20 MG Oral Capsule' },
  25: { code: '1547561', display: 'isotretinoin 25 MG Oral Capsule' },
  30: { code: '403930', display: 'isotretinoin 30 MG Oral Capsule' },
  35: { code: '1547565', display: 'isotretinoin 35 MG Oral Capsule' },
  40: { code: '197845', display: 'isotretinoin 40 MG Oral Capsule' },
};

const PRODUCT_NAMES: Record<Product, string> = {
  absorica: 'Absorica',
  absoricaLd: 'Absorica LD (micronized isotretinoin)',
  claravis: 'Claravis',
  amnesteem: 'Amnesteem',
  myorisan: 'Myorisan',
  zenatane: 'Zenatane',
  isotretinoinGeneric: 'Isotretinoin',
};

/**
 * The medication as a CodeableConcept: the strength's SCD for a conventional product. Absorica LD
 * (micronized) is NOT the same drug as the conventional SCD of the same strength (its 16 mg is dosed
 * like 20 mg conventional), so it never gets a conventional SCD: it is coded with the ingredient
 * (RxNorm 6064) and named exactly in the text, which any client that recognises isotretinoin reads.
 */
export function medicationConcept(product: Product, strengthMg: number): CodeableConcept {
  const text = `${PRODUCT_NAMES[product]} ${strengthMg} mg oral capsule`;
  const scd = PRODUCT_DOSING[product].family === 'micronized' ? undefined : ISOTRETINOIN_SCD_BY_STRENGTH_MG[strengthMg];
  return {
    coding: [
      scd === undefined
        ? { system: RXNORM, code: ISOTRETINOIN_INGREDIENT_RXCUI, display: 'isotretinoin' }
        : { system: RXNORM, code: scd.code, display: scd.display },
    ],
    text,
  };
}
