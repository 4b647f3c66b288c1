import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prescriptionLimitReasons } from './prescription.js';
import { CONFIG, codes } from '../../test/support/patientFacts.js';

const terms = { product: 'isotretinoinGeneric' as const, strengthMg: 40, daysSupply: 30, refills: 0 };

describe('prescription limits (R-RX-1, R-RX-2, §3.1)', () => {
  for (const writtenOn of ['2025-03-10', '2026-09-01']) {
    test(`T-30 R-RX-1 (${writtenOn}): 30 days accepted, 31 days refused DAYS_SUPPLY_OVER_30`, () => {
      assert.deepEqual(prescriptionLimitReasons({ ...terms, daysSupply: 30 }, writtenOn, CONFIG), []);
      assert.deepEqual(codes(prescriptionLimitReasons({ ...terms, daysSupply: 31 }, writtenOn, CONFIG)), ['DAYS_SUPPLY_OVER_30']);
    });

    test(`T-31 R-RX-2 (${writtenOn}): refills = 1 refused REFILLS_NOT_ALLOWED; 0 accepted`, () => {
      assert.deepEqual(codes(prescriptionLimitReasons({ ...terms, refills: 1 }, writtenOn, CONFIG)), ['REFILLS_NOT_ALLOWED']);
      assert.deepEqual(prescriptionLimitReasons({ ...terms, refills: 0 }, writtenOn, CONFIG), []);
    });
  }

  test('§3.1: a strength the product does not come in → STRENGTH_NOT_AVAILABLE (Absorica LD has no 40 mg)', () => {
    assert.deepEqual(codes(prescriptionLimitReasons({ ...terms, product: 'absoricaLd', strengthMg: 40 }, '2025-03-10', CONFIG)), ['STRENGTH_NOT_AVAILABLE']);
    assert.deepEqual(prescriptionLimitReasons({ ...terms, product: 'absoricaLd', strengthMg: 32 }, '2025-03-10', CONFIG), []);
  });
});
