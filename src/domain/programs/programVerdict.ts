// The counter's verdict on a prescription for a practice outside the US (issue 14, item 3): what
// the pharmacy a prescription names sees before its one step. There is no authorization to hold:
// dispensed (by this pharmacy, with what the next fill needs; or by another), ready (the
// pharmacist's checklist passes today, until the last day to dispense), or waiting (the
// checklist's reasons, and from when when only dates stand in the way). The same shape as the US
// verdict (domain/pharmacyVerdict.ts), so the counter reads one answer.
import { latestOf, type IsoDate } from '../dates.js';
import type { PatientFacts, Prescription } from '../facts.js';
import { heldElsewhere, nextFillOf, type PrescriptionVerdict } from '../pharmacyVerdict.js';
import { decidePharmacistChecklist } from './pharmacistChecklist.js';
import type { ProgramContext } from './programDecisions.js';
import { programStatusElsewhere, type ProgramInputs } from './programStatusElsewhere.js';
import type { ProgramConfig } from '../ruleSets.js';

export function programPrescriptionVerdict(
  usFacts: PatientFacts,
  inputs: ProgramInputs,
  prescription: Prescription & { judgedBy: string | null },
  asOf: IsoDate,
  context: ProgramContext,
  config: ProgramConfig,
  heldHere: (recordId: string) => boolean,
): PrescriptionVerdict {
  const dispensed = usFacts.authorizations.find((record) => record.prescriptionId === prescription.id && record.dispense !== null);
  if (dispensed !== undefined && dispensed.dispense !== null) {
    if (!heldHere(dispensed.id)) {
      return { kind: 'heldElsewhere', reasons: [heldElsewhere(dispensed)] };
    }
    const status = programStatusElsewhere(usFacts, inputs, asOf, context, config);
    return { kind: 'dispensed', authorizationId: dispensed.id, dispense: dispensed.dispense, next: nextFillOf(status, usFacts, asOf) };
  }
  // The checklist as the counter's one step would judge it today: exactly what was prescribed.
  const judged = decidePharmacistChecklist(
    inputs.facts,
    prescription,
    {
      prescriptionId: prescription.id,
      dispensedOn: asOf,
      product: prescription.product,
      strengthMg: prescription.strengthMg,
      quantity: prescription.quantity,
      daysSupply: prescription.daysSupply,
      medicationGuideGiven: true,
    },
    context,
  );
  if (!judged.decision.allowed) {
    const dates = judged.decision.reasons.map((reason) => reason.earliestChangeDate);
    const from = dates.length > 0 && dates.every((date): date is IsoDate => date !== null) ? latestOf(...dates) : null;
    return { kind: 'waiting', reasons: judged.decision.reasons, warnings: judged.decision.warnings, from };
  }
  return { kind: 'ready', until: judged.lastDayToDispense, warnings: judged.decision.warnings };
}
