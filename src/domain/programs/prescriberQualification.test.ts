import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DERMATOLOGIST, GENERAL_PRACTITIONER, reasonCodes } from '../../../test/support/programFacts.js';
import { parametersInForce } from './parameters.js';
import { prescriberQualificationReasons } from './prescriberQualification.js';

describe('prescriber qualification (programs.md §1 item 2)', () => {
  const uk = (on: string) => parametersInForce('UK-2023', on, []);
  const nurse = { ...GENERAL_PRACTITIONER, leadRole: 'band7DermatologyNurseSpecialist' as const };

  test('UK-PRESC-1: a consultant dermatologist leads; a Band 7 nurse specialist from UK_CNS_LEAD_FROM (2024-02-01); a GP never', () => {
    assert.deepEqual(prescriberQualificationReasons('UK-2023', uk('2023-11-01'), DERMATOLOGIST, '2023-11-01', null), []);
    const early = prescriberQualificationReasons('UK-2023', uk('2024-01-31'), nurse, '2024-01-31', null);
    assert.deepEqual(reasonCodes(early), ['PRESCRIBER_NOT_QUALIFIED']);
    assert.equal(early[0]?.earliestChangeDate, '2024-02-01');
    assert.deepEqual(prescriberQualificationReasons('UK-2023', uk('2024-02-01'), nurse, '2024-02-01', null), []);
    assert.deepEqual(
      reasonCodes(prescriberQualificationReasons('UK-2026', parametersInForce('UK-2026', '2026-03-02', []), GENERAL_PRACTITIONER, '2026-03-02', null)),
      ['PRESCRIBER_NOT_QUALIFIED'],
    );
  });

  test('PPP-PRESC-1, CA-PRESC-1: experience with systemic retinoids', () => {
    const eu = parametersInForce('EU-PPP-2018', '2026-03-02', []);
    assert.deepEqual(reasonCodes(prescriberQualificationReasons('EU-PPP-2018', eu, GENERAL_PRACTITIONER, '2026-03-02', null)), ['PRESCRIBER_NOT_QUALIFIED']);
    assert.deepEqual(prescriberQualificationReasons('EU-PPP-2018', eu, { ...GENERAL_PRACTITIONER, retinoidExperience: true }, '2026-03-02', null), []);
    const ca = prescriberQualificationReasons('CA', parametersInForce('CA', '2026-03-02', []), GENERAL_PRACTITIONER, '2026-03-02', null);
    assert.equal(ca[0]?.rule, 'CA-PRESC-1');
  });
});
