import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAB_ANALYTES } from '../../domain/labs.js';
import { importedLoincCodes, labUnitOfUcum, LAB_LOINC, loincOfAnalyte, measurementOfLoinc, weightUnitOfUcum } from './labCodes.js';

test('every analyte the domain knows has a LOINC code, and each code reads back as its analyte', () => {
  for (const analyte of LAB_ANALYTES) {
    assert.ok(LAB_LOINC[analyte].length > 0, analyte);
    for (const { code } of LAB_LOINC[analyte]) {
      assert.deepEqual(measurementOfLoinc(code), { kind: 'lab', analyte });
    }
  }
  const codes = importedLoincCodes();
  assert.equal(new Set(codes).size, codes.length, 'no code names two measurements');
});

test("the issue's codes: triglycerides 2571-8, ALT 1742-6, AST 1920-8, weight 29463-7", () => {
  assert.equal(loincOfAnalyte('triglycerides').code, '2571-8');
  assert.equal(loincOfAnalyte('alt').code, '1742-6');
  assert.equal(loincOfAnalyte('ast').code, '1920-8');
  assert.deepEqual(measurementOfLoinc('29463-7'), { kind: 'weight' });
  assert.equal(measurementOfLoinc('718-7'), null, 'haemoglobin is not kept');
});

test("units: UCUM codes onto the domain's, international units of enzymes as units, pounds and grams for weight", () => {
  assert.equal(labUnitOfUcum('mg/dL'), 'mg/dL');
  assert.equal(labUnitOfUcum('mmol/L'), 'mmol/L');
  assert.equal(labUnitOfUcum('[IU]/L'), 'U/L');
  assert.equal(labUnitOfUcum('g/dL'), null);
  assert.deepEqual(weightUnitOfUcum('[lb_av]'), { unit: 'lb', factor: 1 });
  assert.deepEqual(weightUnitOfUcum('g'), { unit: 'kg', factor: 0.001 });
  assert.equal(weightUnitOfUcum('[stone_av]'), null);
});
