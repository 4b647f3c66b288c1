// A signed consent (the patient's general consent, the birth-defects consent of a patient who can
// get pregnant, a guardian's consent for a minor) as a FHIR Consent to treatment under the program.
import type { Consent } from '@medplum/fhirtypes';
import type { ConsentRecord } from '../../domain/facts.js';
import { instant, patientReference } from './references.js';
import { LOINC, CONSENT_KIND_SYSTEM, CONSENT_SCOPE_SYSTEM } from './systems.js';

const KIND_TEXT: Record<ConsentRecord['kind'], string> = {
  general: 'Patient Introductory Brochure and informed consent to isotretinoin treatment (iPLEDGE)',
  birthDefects: 'Informed consent about birth defects (patients who can get pregnant, iPLEDGE)',
  guardian: "Parent or guardian's consent for a minor (iPLEDGE)",
};

export function consentResource(patientId: string, consent: ConsentRecord & { id: string; recordedAt: Date | string }): Consent {
  return {
    resourceType: 'Consent',
    id: consent.id,
    status: 'active',
    scope: { coding: [{ system: CONSENT_SCOPE_SYSTEM, code: 'treatment', display: 'Treatment' }] },
    category: [
      { coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] },
      { coding: [{ system: CONSENT_KIND_SYSTEM, code: consent.kind }], text: KIND_TEXT[consent.kind] },
    ],
    patient: patientReference(patientId),
    dateTime: consent.signedOn,
    meta: { lastUpdated: instant(consent.recordedAt) },
    policy: [{ uri: 'https://www.ipledgeprogram.com' }],
  };
}
