// Who may prescribe (programs.md §1 item 2): experienced with systemic retinoids (EU PPP-PRESC-1,
// Canada CA-PRESC-1), the UK's lead prescriber — a consultant dermatologist, and from
// UK_CNS_LEAD_FROM a Band 7 dermatology nurse specialist (UK-PRESC-1) — or, in Australia, a
// dermatologist or a prescriber with a recorded state authority (AU-PRESC-1). Checked on every
// prescription: the documents do not say a renewal may be written by someone else, except Italy's
// GP renewal (PPP-NAT-IT-1, not modelled) — the safer reading.
import { isBefore, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import type { PrescriberAttributes } from './programFacts.js';
import { dateOrNullParameter, ruleFamilyOf } from './ruleSetFor.js';

/** The specialty Australian states authorise without a personal authority (AU-PRESC-1, app reading). */
export const AU_AUTHORISED_SPECIALTY = 'dermatology';

export function prescriberQualificationReasons(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  prescriber: PrescriberAttributes,
  writtenOn: IsoDate,
  auState: string | null,
): Reason[] {
  switch (ruleFamilyOf(ruleSet)) {
    case 'US':
      // The US engine checks certification (R-ENR-1); this engine never judges a US prescription.
      return [];
    case 'EU':
    case 'CA':
      return prescriber.retinoidExperience
        ? []
        : [
            reason(
              'PRESCRIBER_NOT_QUALIFIED',
              ruleFamilyOf(ruleSet) === 'CA' ? 'CA-PRESC-1' : 'PPP-PRESC-1',
              'The prescriber is not recorded as experienced with systemic retinoids (or supervised by someone who is).',
              'A prescriber experienced with systemic retinoids writes the prescription, or records that supervision.',
            ),
          ];
    case 'UK': {
      if (prescriber.leadRole === 'consultantDermatologist') {
        return [];
      }
      const nurseFrom = dateOrNullParameter(parameters, 'UK_CNS_LEAD_FROM');
      if (prescriber.leadRole === 'band7DermatologyNurseSpecialist') {
        if (nurseFrom !== null && !isBefore(writtenOn, nurseFrom)) {
          return [];
        }
        return [
          reason(
            'PRESCRIBER_NOT_QUALIFIED',
            'UK-PRESC-1',
            nurseFrom === null
              ? 'A dermatology nurse specialist may not be the lead prescriber under this rule set.'
              : `A Band 7 dermatology nurse specialist may be the lead prescriber from ${nurseFrom}.`,
            'A consultant dermatologist writes the prescription.',
            { earliestChangeDate: nurseFrom },
          ),
        ];
      }
      return [
        reason(
          'PRESCRIBER_NOT_QUALIFIED',
          'UK-PRESC-1',
          'Only a lead prescriber (a consultant dermatologist, or a Band 7 dermatology nurse specialist) may prescribe isotretinoin.',
          'The lead prescriber writes the prescription.',
        ),
      ];
    }
    case 'AU': {
      const authority = prescriber.recordedAuthority;
      const authorised =
        prescriber.specialty === AU_AUTHORISED_SPECIALTY || (authority !== null && authority.state === auState && !isBefore(writtenOn, authority.grantedOn));
      return authorised
        ? []
        : [
            reason(
              'PRESCRIBER_NOT_AUTHORISED',
              'AU-PRESC-1',
              `In ${auState ?? 'this state'} only a dermatologist or a prescriber with the state's recorded authority may prescribe isotretinoin.`,
              "A dermatologist prescribes, or the prescriber's state authority is recorded first.",
            ),
          ];
    }
  }
}
