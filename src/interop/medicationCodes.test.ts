import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NDC, RXNORM } from './fhir/systems.js';
import { isIsotretinoin, isIsotretinoinCoding, normalizeNdc } from './medicationCodes.js';

const rxnorm = (code: string) => ({ system: RXNORM, code });
const ndc = (code: string) => ({ system: NDC, code });

describe('medicationCodes: recognising an isotretinoin order in any coding', () => {
  test("the reference EHR's iPLEDGE order (ingredient 6064 + NDC 0245-0571-01) is isotretinoin, by either coding", () => {
    assert.equal(isIsotretinoin({ coding: [rxnorm('6064'), ndc('0245-0571-01')] }), true);
    assert.equal(isIsotretinoin({ coding: [rxnorm('6064')] }), true);
    assert.equal(isIsotretinoin({ coding: [ndc('0245-0571-01')] }), true);
  });

  test('every SCD of the issue and the micronized (Absorica LD) concepts are isotretinoin', () => {
    for (const code of ['197843', '197844', '403930', '197845', '1547561', '1547565', '2262729', '2262711', '2262731', '2262715', '1547567']) {
      assert.equal(isIsotretinoin({ coding: [rxnorm(code)] }), true, code);
    }
  });

  test('a recognised code that is not the first coding still counts (the reference administrator only read coding[0])', () => {
    const concept = { coding: [{ system: 'http://snomed.info/sct', code: '387208003' }, rxnorm('197844')] };
    assert.equal(isIsotretinoin(concept), true);
  });

  test('other drugs, other systems and free text are not isotretinoin', () => {
    assert.equal(isIsotretinoin({ coding: [rxnorm('10627')] }), false, 'tretinoin ingredient');
    assert.equal(isIsotretinoin({ coding: [rxnorm('617314')] }), false, 'atorvastatin SCD');
    assert.equal(isIsotretinoin({ coding: [{ system: 'http://example.org/local', code: '6064' }] }), false, 'same digits, another system');
    assert.equal(isIsotretinoin({ coding: [{ code: '6064' }] }), false, 'a code without a system says nothing');
    assert.equal(isIsotretinoin({ text: 'Isotretinoin 40 mg capsule' }), false, 'text alone is not a code');
    assert.equal(isIsotretinoin({ coding: [ndc('0245-9999-01')] }), false, 'another Upsher-Smith product');
    assert.equal(isIsotretinoin(undefined), false);
    assert.equal(isIsotretinoin({}), false);
    assert.equal(isIsotretinoinCoding({ system: RXNORM, code: '  ' }), false);
  });

  test('the code system may come as its HL7 OID, with a trailing slash or in another case', () => {
    assert.equal(isIsotretinoin({ coding: [{ system: 'urn:oid:2.16.840.1.113883.6.88', code: '6064' }] }), true);
    assert.equal(isIsotretinoin({ coding: [{ system: 'urn:oid:2.16.840.1.113883.6.69', code: '00245057101' }] }), true);
    assert.equal(isIsotretinoin({ coding: [{ system: 'http://www.nlm.nih.gov/research/umls/RxNorm/', code: '197845' }] }), true);
  });

  test('an NDC is recognised whatever its hyphenation, and any package of an isotretinoin product counts', () => {
    for (const code of ['0245-0571-01', '00245-0571-01', '00245057101', '0245-0571-30']) {
      assert.equal(isIsotretinoin({ coding: [ndc(code)] }), true, code);
    }
    assert.equal(isIsotretinoin({ coding: [ndc('57664-024-97')] }), true, '5-3-2, Sun (Absorica application)');
    assert.equal(isIsotretinoin({ coding: [ndc('0555-1055-56')] }), true, '4-4-2, Claravis');
    assert.equal(isIsotretinoin({ coding: [ndc('0245057101')] }), false, 'unhyphenated 10 digits: where the zero goes is unknown');
  });
});

describe('medicationCodes: normalizeNdc to 11 digits (5-4-2)', () => {
  test('4-4-2, 5-3-2 and 5-4-1 get their zero in the right segment', () => {
    assert.equal(normalizeNdc('0245-0571-01'), '00245057101');
    assert.equal(normalizeNdc('57664-024-97'), '57664002497');
    assert.equal(normalizeNdc('12345-6789-1'), '12345678901');
    assert.equal(normalizeNdc('12345-6789-12'), '12345678912');
    assert.equal(normalizeNdc(' 00245057101 '), '00245057101');
  });

  test('ambiguous or malformed codes give null, never a guess', () => {
    for (const code of ['0245057101', '245-0571-01', '0245-0571', 'abcd-efgh-ij', '00245-0571-001', '', '1234567890123']) {
      assert.equal(normalizeNdc(code), null, code);
    }
  });
});
