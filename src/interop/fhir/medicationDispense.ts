// A pharmacy authorization as a FHIR MedicationDispense, identified by its authorization (RMA)
// number: in preparation while it may be dispensed, completed once dispensed, declined when its
// do-not-dispense-after date passed unused, cancelled when reversed.
import type { MedicationDispense } from '@medplum/fhirtypes';
import { authorizationStatus, effectiveDoNotDispenseAfter } from '../../domain/authorizations.js';
import type { IsoDate } from '../../domain/dates.js';
import type { Authorization, Prescription } from '../../domain/facts.js';
import { instant, medicationConcept, patientReference } from './references.js';
import { AUTHORIZATION_NUMBER_SYSTEM, REMS_SYSTEM_RMA_SYSTEM, UCUM } from './systems.js';

const STATUS: Record<ReturnType<typeof authorizationStatus>, MedicationDispense['status']> = {
  active: 'preparation',
  used: 'completed',
  expired: 'declined',
  reversed: 'cancelled',
};

export function medicationDispenseResource(
  authorization: Authorization,
  context: { patientId: string; prescription: Prescription | undefined; today: IsoDate },
): MedicationDispense {
  const status = STATUS[authorizationStatus(authorization, context.today)];
  const product = authorization.dispense ?? context.prescription;
  const notes = [`Do not dispense after ${effectiveDoNotDispenseAfter(authorization)}.`];
  if (authorization.reversal !== null) {
    notes.push(`Reversed on ${authorization.reversal.reversedOn}: ${authorization.reversal.reason}`);
  }
  return {
    resourceType: 'MedicationDispense',
    id: authorization.id,
    identifier: [
      // A pharmacist's checklist outside the US has no number (programs.md §0.4).
      ...(authorization.rmaNumber === null
        ? []
        : [
            {
              use: 'official' as const,
              type: { text: 'REMS authorization (RMA) number' },
              system: AUTHORIZATION_NUMBER_SYSTEM,
              value: authorization.rmaNumber,
            },
          ]),
      ...(authorization.remsRmaNumber === null
        ? []
        : [
            {
              use: 'secondary' as const,
              type: { text: 'RMA number from the REMS system of record' },
              system: REMS_SYSTEM_RMA_SYSTEM,
              value: authorization.remsRmaNumber,
            },
          ]),
    ],
    status,
    ...(status === 'declined' ? { statusReasonCodeableConcept: { text: 'The authorization expired before a dispense.' } } : {}),
    ...(status === 'cancelled' && authorization.reversal !== null ? { statusReasonCodeableConcept: { text: authorization.reversal.reason } } : {}),
    ...(product === undefined
      ? { medicationCodeableConcept: { text: 'isotretinoin' } }
      : { medicationCodeableConcept: medicationConcept(product.product, product.strengthMg) }),
    subject: patientReference(context.patientId),
    authorizingPrescription: [{ reference: `MedicationRequest/${authorization.prescriptionId}` }],
    ...(authorization.dispense === null
      ? {}
      : {
          quantity: {
            value: authorization.dispense.quantity,
            unit: 'capsule',
            system: 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm',
            code: 'CAP',
          },
          daysSupply: { value: authorization.dispense.daysSupply, unit: 'days', system: UCUM, code: 'd' },
          whenHandedOver: authorization.dispense.dispensedOn,
          meta: { lastUpdated: instant(authorization.dispense.recordedAt) },
        }),
    whenPrepared: authorization.requestedOn,
    note: notes.map((text) => ({ text })),
  };
}
