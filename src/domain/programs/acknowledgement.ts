// The acknowledgement form (programs.md §1 item 5): which form and version a new course needs and
// who signs it — the EU's (PPP-ACK-1, patient and prescriber), the UK's Acknowledgement of Risk
// Form of 2023 (UK-ACK-1) or 2026 (UK-ACK-2, ARF_VERSION_REQUIRED), Canada's
// Information/Consent/Agreement (CA-ACK-1, the patient). Checked before the first prescription of
// a course only: a running course keeps the form it started on (UK-TRN-1). During the UK's
// transition (until UK_ARF_TRANSITION_END, none by default) a course may still start on the 2023
// form, with UK-2023's second-prescriber rule (the caller applies it).
import { isAfter, type IsoDate } from '../dates.js';
import { decide, reason, type Decision, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { factsAsOf, type AcknowledgementForm, type FormVersion, type ProgramPatientFacts } from './programFacts.js';
import { choiceParameter, dateOrNullParameter, ruleFamilyOf } from './ruleSetFor.js';

/** The form versions each program knows; a form of another version is refused when recorded. */
export function formVersionsOf(ruleSet: ProgramRuleSetId): FormVersion[] {
  switch (ruleFamilyOf(ruleSet)) {
    case 'EU':
      return ['EU-PPP-ACK-2018'];
    case 'UK':
      return ['UK-ARF-2023', 'UK-ARF-2026'];
    case 'CA':
      return ['CA-ICA'];
    case 'US':
    case 'AU':
      return [];
  }
}

/** The form a course starting under the rule set needs, or null: none (US: enrollment consents; AU). */
export function requiredFormOf(ruleSet: ProgramRuleSetId, parameters: ParameterValues): FormVersion | null {
  switch (ruleFamilyOf(ruleSet)) {
    case 'EU':
      return 'EU-PPP-ACK-2018';
    case 'UK':
      return (choiceParameter(parameters, 'ARF_VERSION_REQUIRED') as FormVersion | null) ?? 'UK-ARF-2026';
    case 'CA':
      return 'CA-ICA';
    case 'US':
    case 'AU':
      return null;
  }
}

function ruleOf(ruleSet: ProgramRuleSetId): string {
  switch (ruleFamilyOf(ruleSet)) {
    case 'UK':
      return ruleSet === 'UK-2023' ? 'UK-ACK-1' : 'UK-ACK-2';
    case 'CA':
      return 'CA-ACK-1';
    default:
      return 'PPP-ACK-1';
  }
}

function signedAsRequired(ruleSet: ProgramRuleSetId, form: AcknowledgementForm): boolean {
  // Canada: the patient signs (CA-ACK-1); elsewhere patient and prescriber (PPP-ACK-1, UK-ACK-1/2).
  return form.signedByPatient && (ruleFamilyOf(ruleSet) === 'CA' || form.signedByPrescriber);
}

/** Recording a form: the rule set must know its version (issue 14, "Bad input"). */
export function decideAcknowledgement(ruleSet: ProgramRuleSetId, form: AcknowledgementForm): Decision {
  if (formVersionsOf(ruleSet).includes(form.formVersion)) {
    return decide([]);
  }
  return decide([
    reason(
      'FORM_VERSION_UNKNOWN',
      ruleOf(ruleSet),
      `The form version ${form.formVersion} is not one this program uses (${formVersionsOf(ruleSet).join(', ') || 'none'}).`,
      'Record the form the program asks for.',
    ),
  ]);
}

export interface AcknowledgementCheck {
  reasons: Reason[];
  /** The version the course starts on, when one qualifies; 'UK-ARF-2023' under UK-2026 means the transition. */
  acceptedVersion: FormVersion | null;
  /** True when the course starts on the previous form during the transition (UK-TRN-1). */
  byTransition: boolean;
}

export function acknowledgementCheck(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  facts: ProgramPatientFacts,
  writtenOn: IsoDate,
): AcknowledgementCheck {
  const required = requiredFormOf(ruleSet, parameters);
  if (required === null) {
    return { reasons: [], acceptedVersion: null, byTransition: false };
  }
  const forms = factsAsOf(facts, writtenOn).acknowledgements;
  const signed = (version: FormVersion): boolean => forms.some((form) => form.formVersion === version && signedAsRequired(ruleSet, form));
  if (signed(required)) {
    return { reasons: [], acceptedVersion: required, byTransition: false };
  }
  const transitionEnd = dateOrNullParameter(parameters, 'UK_ARF_TRANSITION_END');
  if (required === 'UK-ARF-2026' && transitionEnd !== null && !isAfter(writtenOn, transitionEnd) && signed('UK-ARF-2023')) {
    return { reasons: [], acceptedVersion: 'UK-ARF-2023', byTransition: true };
  }
  const rule = ruleOf(ruleSet);
  // Canada's form is the patient's alone (CA-ACK-1); the others are signed by both.
  const patientAlone = ruleFamilyOf(ruleSet) === 'CA';
  const complete = patientAlone ? 'The patient completes' : 'The patient and the prescriber complete';
  const unsigned = forms.some((form) => form.formVersion === required);
  const older = forms.some((form) => form.formVersion !== required && formVersionsOf(ruleSet).includes(form.formVersion));
  const problem = unsigned
    ? reason(
        'ACKNOWLEDGEMENT_SIGNATURE_MISSING',
        rule,
        `The ${required} form is on record but not signed by ${patientAlone ? 'the patient' : 'both the patient and the prescriber'}.`,
        `${patientAlone ? 'The patient signs' : 'Both sign'} the form before the first prescription.`,
      )
    : older
      ? reason(
          'ACKNOWLEDGEMENT_FORM_OUTDATED',
          rule,
          `A new course now needs the ${required} form; the form on record is an earlier version.`,
          `${complete} the ${required} form.`,
        )
      : reason(
          'ACKNOWLEDGEMENT_FORM_REQUIRED',
          rule,
          `The ${required} form must be completed before the first prescription.`,
          `${complete} the ${required} form.`,
        );
  return { reasons: [problem], acceptedVersion: null, byTransition: false };
}
