// The engine's verdict as the US Medication REMS IG's `$rems-etasu` answer (pure: no clock, no database).
//
// Shape (IG STU2, the example `parameters-rems-etasu-output`): a Parameters whose `rems-etasu` parameter is
// the overall GuidanceResponse; it contains a Parameters (`#etasuOutputParameters`, its outputParameters)
// with one GuidanceResponse per requirement (named as the requirement, note[0] = the name) and the
// `case_number`. Status as the IG maps it: `success` (met), `data-required` (still outstanding), and
// `failure` for the overall answer when there is no case to report on.
//
// The requirements are isocourse's (the iPLEDGE program), each met or not by the verdict's blocking
// reasons: a reason belongs to exactly one requirement (an unlisted one falls under "Program Status").
import type { GuidanceResponse, Parameters, ParametersParameter, Annotation } from '@medplum/fhirtypes';
import type { Reason } from '../../domain/decision.js';
import type { ProgramStatus } from '../../domain/programStatus.js';
import { dayInWords, type PatientStateSummary } from '../../domain/stateWords.js';

/** The engine's verdict: the program status and its words (statusAnswer, getPatient). */
export type EtasuVerdict = ProgramStatus & { summary: PatientStateSummary };

/** The IG's canonical, as the reference implementation and the IG's examples give `moduleUri`. */
export const REMS_IG_MODULE_URI = 'https://build.fhir.org/ig/HL7/fhir-medication-rems-ig/';
export const ETASU_OUTPUT_PARAMETERS_ID = 'etasuOutputParameters';

export type EtasuStatus = 'success' | 'data-required' | 'failure';

interface Requirement {
  name: string;
  codes: readonly string[];
  /** Applies only to a patient who can get pregnant. */
  pcgpOnly?: boolean;
}

/** The requirements, in the order of the course (enrollment → month's items → prescription → authorization). */
export const ETASU_REQUIREMENTS: readonly Requirement[] = [
  { name: 'Patient Enrollment', codes: ['PATIENT_NOT_ENROLLED', 'CONSENT_MISSING', 'AGE_BELOW_INDICATION'] },
  { name: 'Prescriber Enrollment', codes: ['PRESCRIBER_NOT_CERTIFIED'] },
  { name: 'Counseling', codes: ['COUNSELING_PENDING'] },
  { name: 'Contraception', codes: ['CONTRACEPTION_PENDING', 'CONTRACEPTION_FAILURE_REPORTED'], pcgpOnly: true },
  {
    name: 'Pregnancy Test',
    codes: [
      'PREGNANCY_HOLD',
      'SCREENING_TEST_PENDING',
      'CONFIRMATION_TEST_PENDING',
      'MONTHLY_TEST_PENDING',
      'TEST_OUTSIDE_WINDOW',
      'WINDOW_CLOSED',
      'CONFIRMATION_TOO_EARLY',
      'CONFIRMATION_BEFORE_SCREENING',
      'FIRST_WINDOW_LOCKOUT',
      'NOT_A_QUALIFYING_TEST',
      'TEST_RESULT_INVALID',
      'TEST_SENSITIVITY_TOO_LOW',
      'CLIA_REQUIRED',
      'PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING',
      'HOME_TEST_EVIDENCE_MISSING',
      'HOME_TEST_NOT_ATTESTED',
      'HOME_TEST_NOT_PERMITTED',
      'TEST_POSITIVE',
    ],
    pcgpOnly: true,
  },
  { name: 'Comprehension', codes: ['COMPREHENSION_PENDING'], pcgpOnly: true },
  { name: 'Prescription', codes: ['PRESCRIPTION_PENDING'] },
];
const PROGRAM_STATUS = 'Program Status';
const AUTHORIZATION = 'Authorization';

/** "What is wrong — what fixes it (by Mar 16)." in the program's own words. */
export function reasonNote(reason: Reason, asOf: string): Annotation {
  const when =
    reason.deadline !== undefined
      ? ` By ${dayInWords(reason.deadline, asOf)}.`
      : reason.earliestChangeDate !== null
        ? ` Not before ${dayInWords(reason.earliestChangeDate, asOf)}.`
        : '';
  return { text: `${reason.message} What fixes it: ${reason.action}${when} (${reason.rule}, ${reason.code})` };
}

function guidance(name: string, status: EtasuStatus, subject: string, notes: Annotation[] = []): GuidanceResponse {
  return {
    resourceType: 'GuidanceResponse',
    moduleUri: REMS_IG_MODULE_URI,
    status,
    subject: { reference: subject },
    note: [{ text: name }, ...notes],
  };
}

/** The authorization requirement: met by an active authorization (its number and last day), or a dispense whose supply lasts. */
function authorizationGuidance(verdict: EtasuVerdict, subject: string, othersMet: boolean): GuidanceResponse {
  const asOf = verdict.asOf;
  if (verdict.activeAuthorization !== null) {
    const { rmaNumber, doNotDispenseAfter } = verdict.activeAuthorization;
    return guidance(AUTHORIZATION, 'success', subject, [{ text: `Authorized: ${rmaNumber}; do not dispense after ${dayInWords(doNotDispenseAfter, asOf)}.` }]);
  }
  if (verdict.supplyEndsOn !== null && verdict.supplyEndsOn >= asOf && verdict.state === 'ON_TREATMENT') {
    return guidance(AUTHORIZATION, 'success', subject, [
      {
        text: `Dispensed: the supply lasts until ${dayInWords(verdict.supplyEndsOn, asOf)} (${verdict.dispenseCount} fill${verdict.dispenseCount === 1 ? '' : 's'} in this course).`,
      },
    ]);
  }
  return guidance(AUTHORIZATION, 'data-required', subject, [
    {
      text: othersMet
        ? 'No authorization yet: every requirement is met, the pharmacy can request the authorization (RMA) now.'
        : 'No authorization yet: the pharmacy can request it once the requirements above are met.',
    },
  ]);
}

/**
 * The `$rems-etasu` answer for a patient isocourse knows. `subject` is the reference the answer names
 * (e.g. "Patient/<id>"); `caseNumber` the patient's program identifier.
 */
export function etasuAnswer(verdict: EtasuVerdict, subject: string, caseNumber: string): Parameters {
  const canGetPregnant = verdict.category === 'PCGP';
  const claimed = new Set<Reason>();
  const requirements = ETASU_REQUIREMENTS.filter((requirement) => canGetPregnant || requirement.pcgpOnly !== true).map((requirement) => {
    const reasons = verdict.blockers.filter((reason) => requirement.codes.includes(reason.code));
    reasons.forEach((reason) => claimed.add(reason));
    return guidance(
      requirement.name,
      reasons.length === 0 ? 'success' : 'data-required',
      subject,
      reasons.map((reason) => reasonNote(reason, verdict.asOf)),
    );
  });
  const unclaimed = verdict.blockers.filter((reason) => !claimed.has(reason));
  if (unclaimed.length > 0) {
    // e.g. the course ended: it blocks the fill but belongs to no single requirement.
    requirements.push(
      guidance(
        PROGRAM_STATUS,
        'data-required',
        subject,
        unclaimed.map((reason) => reasonNote(reason, verdict.asOf)),
      ),
    );
  }
  const othersMet = verdict.blockers.length === 0;
  requirements.push(authorizationGuidance(verdict, subject, othersMet));
  const overall: EtasuStatus = requirements.every((requirement) => requirement.status === 'success') ? 'success' : 'data-required';
  const outputParameters: ParametersParameter[] = [
    ...requirements.map((resource) => ({ name: resource.note?.[0]?.text ?? '', resource })),
    { name: 'case_number', valueString: caseNumber },
  ];
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'rems-etasu',
        resource: {
          resourceType: 'GuidanceResponse',
          moduleUri: REMS_IG_MODULE_URI,
          status: overall,
          subject: { reference: subject },
          occurrenceDateTime: verdict.asOf,
          contained: [{ resourceType: 'Parameters', id: ETASU_OUTPUT_PARAMETERS_ID, parameter: outputParameters }],
          outputParameters: { reference: `#${ETASU_OUTPUT_PARAMETERS_ID}` },
          note: [{ text: `${verdict.summary.label}: ${verdict.summary.headline}` }],
        },
      },
    ],
  };
}

/**
 * No case to report on: no enrolled patient matches (the same words whether or not one exists that
 * the caller may not see), a patient whose identity needs review, or a medication that is not isotretinoin.
 */
export function etasuWithoutCase(status: Extract<EtasuStatus, 'failure'> | 'data-required', why: string, subject?: string): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'rems-etasu',
        resource: {
          resourceType: 'GuidanceResponse',
          moduleUri: REMS_IG_MODULE_URI,
          status,
          ...(subject === undefined ? {} : { subject: { reference: subject } }),
          note: [{ text: why }],
        },
      },
    ],
  };
}
