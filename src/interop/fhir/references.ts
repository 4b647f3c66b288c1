// Small shared pieces of the FHIR mappings: references, instants and the medication's concept.
import type { CodeableConcept, Patient, Practitioner, Reference } from '@medplum/fhirtypes';
import type { Product } from '../../domain/facts.js';
import { PRODUCT_DOSING } from '../../domain/dosing.js';
import { ISOTRETINOIN_INGREDIENT, ISOTRETINOIN_SCD_BY_STRENGTH_MG, MICRONIZED_ISOTRETINOIN_BY_STRENGTH_MG, type RxNormConcept } from '../medicationCodes.js';
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

export const ISOTRETINOIN_INGREDIENT_RXCUI = ISOTRETINOIN_INGREDIENT.code;

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
 * The medication as a CodeableConcept, from the table isIsotretinoin reads (medicationCodes.ts): the
 * strength's SCD for a conventional product. Absorica LD (micronized) is NOT the same drug as the
 * conventional SCD of the same strength (its 16 mg is dosed like 20 mg conventional), so it never gets
 * one: it gets its micronized SCD and its SBD [Absorica] where RxNorm has them, else the ingredient
 * (RxNorm 6064). The text names the product and strength exactly, whatever the coding.
 */
export function medicationConcept(product: Product, strengthMg: number): CodeableConcept {
  const text = `${PRODUCT_NAMES[product]} ${strengthMg} mg oral capsule`;
  const concepts =
    PRODUCT_DOSING[product].family === 'micronized'
      ? [MICRONIZED_ISOTRETINOIN_BY_STRENGTH_MG[strengthMg]?.scd, MICRONIZED_ISOTRETINOIN_BY_STRENGTH_MG[strengthMg]?.sbd]
      : [ISOTRETINOIN_SCD_BY_STRENGTH_MG[strengthMg]];
  const known = concepts.filter((concept): concept is RxNormConcept => concept !== undefined);
  return {
    coding: (known.length === 0 ? [ISOTRETINOIN_INGREDIENT] : known).map((concept) => ({ system: RXNORM, code: concept.code, display: concept.display })),
    text,
  };
}
