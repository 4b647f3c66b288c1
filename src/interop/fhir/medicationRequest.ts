// A prescription as a FHIR MedicationRequest: the product and strength in RxNorm, the daily dose,
// and the program's terms (a supply of at most 30 days, no refills) in dispenseRequest.
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { Authorization, Prescription } from '../../domain/facts.js';
import { isAfter } from '../../domain/dates.js';
import { instant, medicationConcept, patientReference, userReference } from './references.js';
import { UCUM } from './systems.js';

export interface PrescriptionContext {
  patientId: string;
  prescriberId?: string;
  /** Later prescriptions and the authorizations: a prescription is completed by its dispense, replaced by a later one. */
  allPrescriptions: readonly Prescription[];
  authorizations: readonly Authorization[];
}

function statusOf(prescription: Prescription, context: PrescriptionContext): MedicationRequest['status'] {
  if (context.authorizations.some((authorization) => authorization.prescriptionId === prescription.id && authorization.dispense !== null)) {
    return 'completed';
  }
  const replaced = context.allPrescriptions.some(
    (other) =>
      other.id !== prescription.id &&
      (isAfter(other.writtenOn, prescription.writtenOn) || (other.writtenOn === prescription.writtenOn && other.recordedAt > prescription.recordedAt)),
  );
  return replaced ? 'stopped' : 'active';
}

export function medicationRequestResource(prescription: Prescription, context: PrescriptionContext): MedicationRequest {
  const dailyMg = prescription.strengthMg * prescription.capsulesPerDay;
  return {
    resourceType: 'MedicationRequest',
    id: prescription.id,
    status: statusOf(prescription, context),
    intent: 'order',
    medicationCodeableConcept: medicationConcept(prescription.product, prescription.strengthMg),
    subject: patientReference(context.patientId),
    authoredOn: prescription.writtenOn,
    ...(context.prescriberId === undefined ? {} : { requester: userReference(context.prescriberId) }),
    meta: { lastUpdated: instant(prescription.recordedAt) },
    dosageInstruction: [
      {
        text: `${prescription.capsulesPerDay} capsule${prescription.capsulesPerDay === 1 ? '' : 's'} of ${prescription.strengthMg} mg a day (${dailyMg} mg a day)`,
        route: { text: 'oral' },
        doseAndRate: [{ doseQuantity: { value: dailyMg, unit: 'mg', system: UCUM, code: 'mg' } }],
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
      },
    ],
    dispenseRequest: {
      numberOfRepeatsAllowed: prescription.refills,
      quantity: { value: prescription.quantity, unit: 'capsule', system: 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm', code: 'CAP' },
      expectedSupplyDuration: { value: prescription.daysSupply, unit: 'days', system: UCUM, code: 'd' },
    },
  };
}
