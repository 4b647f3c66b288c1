import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MEDICATIONS, applyOverrides, checkInteractions, matchMedication, matchMedications, type InteractionInput } from './interactions.js';
import { codes } from '../../test/support/patientFacts.js';

const check = (medications: string[], extra: Partial<InteractionInput> = {}) =>
  checkInteractions({ medications, contraceptionMethods: [], category: 'PCNGP', ...extra });

describe('matchMedication: free text → curated code', () => {
  const cases: [string, string][] = [
    ['Doxycycline hyclate 100 mg twice daily', 'doxycycline'],
    ['DORYX', 'doxycycline'],
    ['Doryx MPC 120mg', 'doxycycline'],
    ['vibramycin', 'doxycycline'],
    ['doxy 100', 'doxycycline'],
    ['doxy-cycline', 'doxycycline'],
    ['Minocin', 'minocycline'],
    ['Solodyn ER 105mg', 'minocycline'],
    ['minocycline', 'minocycline'],
    ['Seysara 100 mg', 'sarecycline'],
    ['tetracycline 500mg', 'tetracycline'],
    ['Declomycin', 'demeclocycline'],
    ['demeclocycline', 'demeclocycline'],
    ["St. John's Wort 300 mg", 'stJohnsWort'],
    ['st johns wort', 'stJohnsWort'],
    ['StJohnsWort', 'stJohnsWort'],
    ['Saint John’s wort', 'stJohnsWort'],
    ['hypericum perforatum extract', 'stJohnsWort'],
    ['Retinyl Palmitate 10,000 IU', 'vitaminA'],
    ['Vitamin A 25000 IU', 'vitaminA'],
    ['vitamin-A', 'vitaminA'],
    ['retinol', 'vitaminA'],
    ['fish liver oil (high dose)', 'vitaminA'],
    ['Cod liver oil', 'vitaminA'],
    ['Soriatane 25 mg', 'acitretin'],
    ['acitretin', 'acitretin'],
    ['Targretin', 'bexarotene'],
    ['oral tretinoin', 'tretinoinOral'],
    ['tretinoin 10 mg capsules', 'tretinoinOral'],
    ['Isotretinoin 40 mg', 'isotretinoin'],
    ['Absorica LD 32 mg', 'isotretinoin'],
    ['Rifadin', 'rifampin'],
    ['rifampicin', 'rifampin'],
    ['Tegretol XR', 'carbamazepine'],
    ['Dilantin 100mg', 'phenytoin'],
    ['phenobarbitone', 'phenobarbital'],
    ['Prednisone 20 mg', 'prednisone'],
    ['Medrol Dosepak', 'methylprednisolone'],
    ['Solu-Medrol', 'methylprednisolone'],
    ['methylprednisolone', 'methylprednisolone'],
    ['prednisolone', 'prednisolone'],
    ['hydrocortisone 10 mg tablets', 'hydrocortisone'],
    ['norethindrone 0.35 mg', 'progestinOnlyPill'],
    ['Camila', 'progestinOnlyPill'],
    ['mini-pill', 'progestinOnlyPill'],
    ['Slynd', 'progestinOnlyPill'],
    ['heavy drinking', 'heavyAlcoholUse'],
    ['Alcohol use disorder', 'heavyAlcoholUse'],
  ];
  for (const [text, code] of cases) {
    test(`"${text}" → ${code}`, () => {
      assert.equal(matchMedication(text), code);
    });
  }

  test('[APP] route: local forms map to a code without interactions; an unstated route is read as systemic', () => {
    assert.equal(matchMedication('tretinoin 0.05% cream'), 'topicalRetinoid');
    assert.equal(matchMedication('Retin-A Micro gel'), 'topicalRetinoid');
    assert.equal(matchMedication('Retin-A'), 'topicalRetinoid');
    assert.equal(matchMedication('tretinoin'), 'tretinoinOral');
    assert.equal(matchMedication('retinol serum'), 'topicalRetinoid');
    assert.equal(matchMedication('hydrocortisone 1% cream'), 'localCorticosteroid');
    assert.equal(matchMedication('dexamethasone eye drops'), 'localCorticosteroid');
    assert.equal(matchMedication('dexamethasone 4 mg tablet'), 'dexamethasone');
    assert.equal(matchMedication('Pulmicort inhaler'), 'localCorticosteroid');
    // A systemic word wins over a local one.
    assert.equal(matchMedication('tretinoin oral capsule (not the cream)'), 'tretinoinOral');
    // A tetracycline stays a tetracycline even as a foam (conservative, X-5).
    assert.equal(matchMedication('minocycline 4% foam'), 'minocycline');
  });

  test('X-8 [APP]: norethindrone with an estrogen is a combined pill, not the mini-pill', () => {
    assert.equal(matchMedication('norethindrone acetate and ethinyl estradiol'), 'unknown');
    assert.equal(matchMedication('drospirenone/ethinyl estradiol'), 'unknown');
    assert.equal(matchMedication('norethindrone'), 'progestinOnlyPill');
  });

  test('anything not curated → unknown (including lookalike words and plain "alcohol")', () => {
    for (const text of ['ibuprofen', 'Multivitamin', 'doxylamine', 'levonorgestrel', 'alcohol', 'vitamin D', '', '   ']) {
      assert.equal(matchMedication(text), 'unknown', text);
    }
  });

  test('several medicines in one line are all found, in the order written', () => {
    assert.deepEqual(matchMedications('prednisone 10 mg and doxycycline 100 mg'), ['prednisone', 'doxycycline']);
    assert.deepEqual(matchMedications('Doryx (doxycycline)'), ['doxycycline']);
    assert.equal(matchMedication('doxycycline, prednisone'), 'doxycycline');
  });

  test('every curated code and name matches itself; every local code exists', () => {
    const known = new Set<string>(MEDICATIONS.map((medication) => medication.code));
    for (const medication of MEDICATIONS) {
      assert.equal(matchMedication(medication.code), medication.code, medication.code);
      assert.equal(matchMedication(medication.name), medication.code, medication.name);
      if ('localCode' in medication) {
        assert.ok(known.has(medication.localCode), medication.localCode);
      }
    }
    assert.equal(known.size, MEDICATIONS.length);
  });
});

describe('checkInteractions: X-5 tetracyclines (block until override with reason)', () => {
  test('T-42 X-5: active doxycycline → new prescription blocked INTERACTION_TETRACYCLINE, override allowed', () => {
    const result = check(['Doxycycline 100 mg daily']);
    assert.equal(result.allowed, false);
    assert.deepEqual(codes(result.blocks), ['INTERACTION_TETRACYCLINE']);
    const [block] = result.blocks;
    assert.equal(block?.rule, 'X-5');
    assert.equal(block.overrideAllowed, true);
    assert.deepEqual(block.medications, ['doxycycline']);
    assert.match(block.message, /pseudotumor cerebri/);
    assert.match(block.action, /override with the reason/);
  });

  test('T-42 X-5: an override without a reason does not count; blank or whitespace neither', () => {
    const result = check(['doxycycline']);
    for (const reason of ['', '   ', '\t\n']) {
      const after = applyOverrides(result, [{ code: 'INTERACTION_TETRACYCLINE', reason }]);
      assert.equal(after.allowed, false, JSON.stringify(reason));
      assert.deepEqual(codes(after.blocks), ['INTERACTION_TETRACYCLINE']);
      assert.deepEqual(after.overridden, []);
    }
  });

  test('T-42 X-5: an override with a reason lifts the block and records the reason', () => {
    const after = applyOverrides(check(['doxycycline']), [{ code: 'INTERACTION_TETRACYCLINE', reason: '  Doxycycline stopped today; last dose 2025-03-01  ' }]);
    assert.equal(after.allowed, true);
    assert.deepEqual(after.blocks, []);
    assert.deepEqual(after.overridden, [{ code: 'INTERACTION_TETRACYCLINE', reason: 'Doxycycline stopped today; last dose 2025-03-01' }]);
  });

  test('X-5: an override for another code lifts nothing', () => {
    const after = applyOverrides(check(['minocycline']), [{ code: 'INTERACTION_VITAMIN_A', reason: 'fine' }]);
    assert.deepEqual(codes(after.blocks), ['INTERACTION_TETRACYCLINE']);
  });

  test('X-5: two tetracyclines → one block naming both', () => {
    const result = check(['Solodyn', 'Seysara 100 mg']);
    assert.deepEqual(codes(result.blocks), ['INTERACTION_TETRACYCLINE']);
    assert.deepEqual(result.blocks[0]?.medications, ['minocycline', 'sarecycline']);
    assert.match(result.blocks[0].message, /^minocycline and sarecycline \(a tetracycline\)/);
  });

  test('X-5 applies whatever the risk category', () => {
    assert.deepEqual(codes(check(['tetracycline'], { category: 'PCGP' }).blocks), ['INTERACTION_TETRACYCLINE']);
  });
});

describe('checkInteractions: X-6 vitamin A and other retinoids', () => {
  test('X-6: a vitamin A supplement → warning INTERACTION_VITAMIN_A, not a block', () => {
    const result = check(['Retinyl palmitate 10,000 IU']);
    assert.equal(result.allowed, true);
    assert.deepEqual(result.blocks, []);
    assert.deepEqual(codes(result.warnings), ['INTERACTION_VITAMIN_A']);
    assert.equal(result.warnings[0]?.rule, 'X-6');
  });

  test('X-6 [APP]: another oral retinoid → block INTERACTION_ORAL_RETINOID that no override lifts', () => {
    for (const medication of ['acitretin', 'Targretin', 'oral tretinoin', 'tretinoin']) {
      const result = check([medication]);
      assert.deepEqual(codes(result.blocks), ['INTERACTION_ORAL_RETINOID'], medication);
      assert.equal(result.blocks[0]?.overrideAllowed, false);
      const after = applyOverrides(result, [{ code: 'INTERACTION_ORAL_RETINOID', reason: 'Prescriber accepts the risk' }]);
      assert.equal(after.allowed, false);
      assert.deepEqual(after.overridden, []);
    }
  });

  test('X-6: topical tretinoin, adapalene or a retinol serum → no finding at all', () => {
    const result = check(['tretinoin 0.025% cream', 'Differin gel', 'retinol serum']);
    assert.equal(result.allowed, true);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.unrecognized, []);
  });
});

describe('checkInteractions: X-7 enzyme inducers with hormonal contraception (R-CON-8)', () => {
  test("T-44 X-7: combined pill + condom + St John's wort (PCGP) → allowed with warning HORMONAL_METHOD_MAY_FAIL", () => {
    const result = check(["St John's wort"], {
      category: 'PCGP',
      contraceptionMethods: ['combinedOralContraceptive', 'maleCondom'],
    });
    assert.equal(result.allowed, true);
    assert.deepEqual(result.blocks, []);
    assert.deepEqual(codes(result.warnings), ['HORMONAL_METHOD_MAY_FAIL']);
    assert.equal(result.warnings[0]?.rule, 'X-7');
    assert.deepEqual(result.warnings[0].medications, ['stJohnsWort']);
    assert.match(result.warnings[0].action, /non-hormonal/);
  });

  test('X-7: each inducer with a hormonal method warns (rifampin + implant, carbamazepine + ring, phenobarbital + hormonal IUD)', () => {
    const pairs = [
      ['rifampin', 'implant'],
      ['Tegretol', 'vaginalRing'],
      ['phenobarbital', 'iudHormonal'],
    ] as const;
    for (const [medication, method] of pairs) {
      const result = check([medication], { category: 'PCGP', contraceptionMethods: [method, 'maleCondom'] });
      assert.deepEqual(codes(result.warnings), ['HORMONAL_METHOD_MAY_FAIL'], medication);
    }
  });

  test('X-7: non-hormonal methods only (copper IUD + condom) → no warning', () => {
    const result = check(["St John's wort"], { category: 'PCGP', contraceptionMethods: ['iudCopper', 'maleCondom'] });
    assert.deepEqual(result.warnings, []);
  });

  test('X-7: PCNGP → no contraception warning even with a hormonal method listed', () => {
    const result = check(["St John's wort"], { category: 'PCNGP', contraceptionMethods: ['combinedOralContraceptive'] });
    assert.deepEqual(result.warnings, []);
  });

  test('X-7 + X-8: an inducer with a mini-pill in the medication list → HORMONAL_METHOD_MAY_FAIL and PROGESTIN_ONLY_PILL_NOT_PRIMARY', () => {
    const result = check(['carbamazepine', 'norethindrone 0.35 mg'], { category: 'PCGP' });
    assert.deepEqual(codes(result.warnings), ['HORMONAL_METHOD_MAY_FAIL', 'PROGESTIN_ONLY_PILL_NOT_PRIMARY']);
  });

  test('X-8: a mini-pill alone for a PCGP patient → PROGESTIN_ONLY_PILL_NOT_PRIMARY; for PCNGP nothing', () => {
    assert.deepEqual(codes(check(['Camila'], { category: 'PCGP' }).warnings), ['PROGESTIN_ONLY_PILL_NOT_PRIMARY']);
    assert.deepEqual(check(['Camila'], { category: 'PCNGP' }).warnings, []);
  });
});

describe('checkInteractions: cautions X-9, X-10, X-11', () => {
  test('X-9: phenytoin → INTERACTION_PHENYTOIN (bone); for PCGP on a hormonal method also HORMONAL_METHOD_MAY_FAIL', () => {
    assert.deepEqual(codes(check(['Dilantin']).warnings), ['INTERACTION_PHENYTOIN']);
    const pcgp = check(['Dilantin'], { category: 'PCGP', contraceptionMethods: ['injection', 'maleCondom'] });
    assert.deepEqual(codes(pcgp.warnings), ['HORMONAL_METHOD_MAY_FAIL', 'INTERACTION_PHENYTOIN']);
    assert.equal(pcgp.allowed, true);
  });

  test('X-10: a systemic corticosteroid → INTERACTION_SYSTEMIC_CORTICOSTEROID; a steroid cream → nothing', () => {
    const result = check(['Prednisone 20 mg', 'Medrol']);
    assert.deepEqual(codes(result.warnings), ['INTERACTION_SYSTEMIC_CORTICOSTEROID']);
    assert.deepEqual(result.warnings[0]?.medications, ['prednisone', 'methylprednisolone']);
    assert.equal(result.warnings[0].rule, 'X-10');
    assert.deepEqual(check(['hydrocortisone 1% cream']).warnings, []);
  });

  test('X-11: heavy alcohol use → INTERACTION_HEAVY_ALCOHOL with the 36-hour lipid-test advice', () => {
    const result = check(['heavy drinking on weekends']);
    assert.deepEqual(codes(result.warnings), ['INTERACTION_HEAVY_ALCOHOL']);
    assert.match(result.warnings[0]?.action ?? '', /36 hours before a lipid test/);
  });
});

describe('checkInteractions: the whole list', () => {
  test('no medicines → allowed, nothing to report', () => {
    assert.deepEqual(check([]), { allowed: true, blocks: [], warnings: [], overridden: [], unrecognized: [] });
  });

  test('lines matching nothing are listed for a person to review; blank lines are skipped', () => {
    const result = check(['ibuprofen 200 mg', '  ', 'alcohol', 'Doxycycline']);
    assert.deepEqual(result.unrecognized, ['ibuprofen 200 mg', 'alcohol']);
    assert.deepEqual(codes(result.blocks), ['INTERACTION_TETRACYCLINE']);
  });

  test('the same medicine written twice counts once', () => {
    const result = check(['doxycycline', 'Doryx', 'Vibramycin 100mg']);
    assert.deepEqual(result.blocks[0]?.medications, ['doxycycline']);
  });

  test('everything at once: blocks in table order, warnings in table order; overriding the tetracycline leaves the retinoid', () => {
    const result = check(['acitretin', 'doxycycline', 'vitamin A', "St John's wort", 'phenytoin', 'prednisone', 'heavy drinking'], {
      category: 'PCGP',
      contraceptionMethods: ['transdermalPatch', 'maleCondom'],
    });
    assert.deepEqual(codes(result.blocks), ['INTERACTION_TETRACYCLINE', 'INTERACTION_ORAL_RETINOID']);
    assert.deepEqual(codes(result.warnings), [
      'INTERACTION_VITAMIN_A',
      'HORMONAL_METHOD_MAY_FAIL',
      'INTERACTION_PHENYTOIN',
      'INTERACTION_SYSTEMIC_CORTICOSTEROID',
      'INTERACTION_HEAVY_ALCOHOL',
    ]);
    assert.deepEqual(result.warnings[1]?.medications, ['stJohnsWort', 'phenytoin']);
    const after = applyOverrides(result, [
      { code: 'INTERACTION_TETRACYCLINE', reason: 'Stopping doxycycline now' },
      { code: 'INTERACTION_ORAL_RETINOID', reason: 'No' },
    ]);
    assert.equal(after.allowed, false);
    assert.deepEqual(codes(after.blocks), ['INTERACTION_ORAL_RETINOID']);
    assert.deepEqual(after.overridden, [{ code: 'INTERACTION_TETRACYCLINE', reason: 'Stopping doxycycline now' }]);
    assert.deepEqual(after.warnings, result.warnings);
  });

  test('applyOverrides twice keeps earlier overrides and does not duplicate them', () => {
    const once = applyOverrides(check(['doxycycline']), [{ code: 'INTERACTION_TETRACYCLINE', reason: 'r' }]);
    const twice = applyOverrides(once, [{ code: 'INTERACTION_TETRACYCLINE', reason: 'r' }]);
    assert.deepEqual(twice, once);
  });
});
