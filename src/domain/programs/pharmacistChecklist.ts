// The pharmacist's checklist outside the US (issue 14, item 3; programs.md §0.4): there is no
// authorization number, so the pharmacist checks the program's conditions on the day of the
// dispense (decideProgramDispense: the prescription's window, the test, the contraception lead, the
// supply cap…) and what is handed over (the same product, no more than prescribed: R-RX-5, R-RX-1,
// as in the US), and the app computes the last day to dispense. The checklist and the dispense are
// one decision, made on the dispense day, under the rule set in force that day (P-18).
import { isAfter } from '../dates.js';
import { decide, reason, type Reason } from '../decision.js';
import { dispenseMatchReasons, type DispenseRequest } from '../dispense.js';
import type { Prescription } from '../facts.js';
import { decideProgramDispense, type ProgramContext, type ProgramDispenseDecision } from './programDecisions.js';
import { factsAsOf, type ProgramPatientFacts } from './programFacts.js';
import { RULE_SET_DEFAULTS, type ProgramRuleSetId } from './parameters.js';
import { ruleFamilyOf } from './ruleSetFor.js';

/** The program a stored key belongs to ('UK-2026' → GB's, 'EU-PPP-2018+IT' → the EU's); null for a key no rule set has. */
function familyOfKey(key: string): ReturnType<typeof ruleFamilyOf> | null {
  const id = key.split('+')[0] ?? '';
  return Object.hasOwn(RULE_SET_DEFAULTS, id) ? ruleFamilyOf(id as ProgramRuleSetId) : null;
}

export interface ChecklistDispenseRequest extends DispenseRequest {
  prescriptionId: string;
}

/**
 * The checklist's decision: the program's conditions, then what is handed over. `prescription` is
 * the stored prescription (product, strength, quantity), null when the patient has none by that id.
 */
export function decidePharmacistChecklist(
  facts: ProgramPatientFacts,
  prescription: (Pick<Prescription, 'writtenOn' | 'product' | 'strengthMg' | 'quantity' | 'daysSupply'> & { judgedBy: string | null }) | null,
  request: ChecklistDispenseRequest,
  context: ProgramContext,
): ProgramDispenseDecision {
  const program = decideProgramDispense(facts, { prescriptionId: request.prescriptionId, dispensedOn: request.dispensedOn }, context);
  // No rule set (P-27), the US engine's business, or no such prescription: that answer alone.
  if (program.ruleSet === null || ruleFamilyOf(program.ruleSet) === 'US' || prescription === null) {
    return program;
  }
  const reasons: Reason[] = [...program.decision.reasons];
  // The prescriber's side (form, assessments, qualification, second prescriber) was judged when it
  // was written; a prescription this program never judged — written while the practice was under
  // another (the US, say), or before keys were stored — is not dispensed on the checklist alone.
  if (prescription.judgedBy === null || familyOfKey(prescription.judgedBy) !== ruleFamilyOf(program.ruleSet)) {
    reasons.push(
      reason(
        'PRESCRIPTION_NOT_JUDGED_BY_PROGRAM',
        'PPP-DSP-1',
        `This prescription was not written under this program (judged by ${prescription.judgedBy ?? 'no rule set on record'}).`,
        "The prescriber writes a new prescription under the practice's program.",
      ),
    );
  }
  const lastDoseOn = factsAsOf(facts, request.dispensedOn).lastDoseOn;
  if (lastDoseOn !== null && !isAfter(prescription.writtenOn, lastDoseOn)) {
    reasons.push(
      reason(
        'COURSE_ENDED',
        'R-END-1',
        `The course ended with the last dose on ${lastDoseOn}; this prescription was written before that.`,
        'Do not dispense; a new course needs a new prescription.',
      ),
    );
  }
  reasons.push(...dispenseMatchReasons(prescription, request));
  // [APP] The programs' checklists hand the patient the program's information (patient card,
  // package leaflet: PPP-FU-1); the safer reading is to require it on every dispense, as the US
  // Medication Guide is (R-AUTH-6). One place to change.
  if (!request.medicationGuideGiven) {
    reasons.push(
      reason(
        'PATIENT_INFORMATION_REQUIRED',
        'PPP-FU-1',
        "The program's patient information (patient card and package leaflet) must be given with the dispense.",
        'Give the patient card and the package leaflet, and confirm it.',
      ),
    );
  }
  return { ...program, decision: decide(reasons, program.decision.warnings) };
}
