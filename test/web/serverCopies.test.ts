// The web app keeps a few copies of what the server knows, because no answer carries them: the
// capsule strengths on the market and the lab analytes' names. These tests keep them equal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAB_ANALYTE_NAMES, LAB_ANALYTES } from '../../src/domain/labs.js';
import { PRODUCT_STRENGTHS_MG } from '../../src/domain/prescription.js';
import { ANALYTE_WORDS, PRODUCT_STRENGTHS_MG as WEB_PRODUCT_STRENGTHS_MG } from '../../web/src/serverCopies.js';

test('the capsule strengths the web offers are the domain’s, product by product (§3.1)', () => {
  assert.deepEqual(WEB_PRODUCT_STRENGTHS_MG, PRODUCT_STRENGTHS_MG);
});

test('the web names every lab analyte as the domain does', () => {
  assert.deepEqual(Object.keys(ANALYTE_WORDS).sort(), [...LAB_ANALYTES].sort());
  for (const analyte of LAB_ANALYTES) {
    assert.equal(ANALYTE_WORDS[analyte], LAB_ANALYTE_NAMES[analyte], analyte);
  }
});
