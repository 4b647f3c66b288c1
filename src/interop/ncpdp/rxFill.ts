// RxFill: the pharmacy system says the prescription was dispensed (the pharmacy system sends it at
// pickup). Recorded through the pharmacy's dispense use case (recordDispense: the same checks, the
// patient row lock, the MessageID as Idempotency-Key), against the authorization this pharmacy
// holds for that prescription. A not-dispensed notice records nothing.
//
// The RxFill names the prescription, not the patient's program identifier: through the NewRx it
// relates to (RelatesToMessageID or PrescriberOrderNumber, kept when isocourse received that NewRx),
// which opens the record to the pharmacy the prescription names (the program's named-prescription
// path), or through a case number when the pharmacy sends one. Either way the dispense itself is
// then recorded by program identifier and the birth date the RxFill carries.
import { calendarDateAt } from '../../domain/dates.js';
import type { DispenseRequest } from '../../domain/dispense.js';
import type { Services } from '../../services/context.js';
import { NotFoundError, RuleRefusal } from '../../services/errors.js';
import {
  auditMessageReplay,
  authorizationsHeldByPharmacy,
  newRxPrescriptionsForPharmacy,
  previousMessageAnswer,
} from '../../services/interop/scriptMessages.js';
import { findPatientForPharmacy } from '../../services/patients/readPatients.js';
import { recordDispense, type DispenseAnswer } from '../../services/pharmacy/authorizationActions.js';
import { readNamedPrescription } from '../../services/pharmacy/namedPrescription.js';
import { requireClientKind, type ClientActor } from '../smart/clientAuth.js';
import { statusMessage } from './answers.js';
import {
  dateAt,
  DESCRIPTION_CODES,
  messageKey,
  patientFacts,
  rejectInput,
  ScriptRejection,
  wholeNumberAt,
  type ScriptAnswer,
  type ScriptEnvelope,
} from './messages.js';
import { noteOf } from './reasonCodes.js';
import { requireOwnPharmacy } from './remsRequest.js';
import { at, child, textAt } from './xml.js';

type FillStatus = 'dispensed' | 'partiallyDispensed' | 'notDispensed' | 'transferred';

function fillStatusOf(envelope: ScriptEnvelope): FillStatus {
  const status = child(envelope.body, 'FillStatus');
  const kind = status?.children[0]?.name.toLowerCase();
  switch (kind) {
    case 'dispensed':
      return 'dispensed';
    case 'partiallydispensed':
      return 'partiallyDispensed';
    case 'notdispensed':
      return 'notDispensed';
    case 'transferred':
      return 'transferred';
    default:
      throw rejectInput('RxFill/FillStatus must hold Dispensed, PartiallyDispensed, NotDispensed or Transferred.');
  }
}

const unidentified = (description: string) => new ScriptRejection(422, '900', DESCRIPTION_CODES.unidentified, description);

/** The prescription the RxFill is about, through the NewRx it relates to; null when it names none isocourse received. */
async function relatedPrescription(services: Services, client: ClientActor, envelope: ScriptEnvelope): Promise<string | null> {
  const references = [
    textAt(envelope.header, 'RelatesToMessageID'),
    textAt(envelope.header, 'PrescriberOrderNumber'),
    textAt(envelope.header, 'RxReferenceNumber'),
  ].filter((value): value is string => value !== undefined);
  if (references.length === 0) {
    return null;
  }
  // Only prescriptions naming this pharmacy: MessageIDs are unique per sender, not across practices.
  const linked = await newRxPrescriptionsForPharmacy(services, references, client.client.organizationId);
  const ids = [...new Set(linked)];
  return ids.length === 1 ? (ids[0] ?? null) : null;
}

export async function receiveRxFill(services: Services, client: ClientActor, envelope: ScriptEnvelope): Promise<ScriptAnswer> {
  requireClientKind(client, 'pharmacy');
  await requireOwnPharmacy(services, client, envelope.body);
  const now = () => services.now();
  const key = messageKey(envelope);
  const recorded = (answer: DispenseAnswer): ScriptAnswer => ({
    httpStatus: 200,
    xml: statusMessage(
      envelope,
      `Dispense recorded (isocourse id ${answer.id}): ${answer.quantity} capsules of ${answer.strengthMg} mg on ${answer.dispensedOn}.`,
      now(),
    ),
  });
  const replay = await previousMessageAnswer<DispenseAnswer>(services, client, key);
  if (replay !== null) {
    await auditMessageReplay(services, client, 'dispense.record', { entity: 'dispense', id: replay.id });
    return recorded(replay);
  }

  const status = fillStatusOf(envelope);
  if (status === 'notDispensed' || status === 'transferred') {
    return {
      httpStatus: 200,
      xml: statusMessage(
        envelope,
        `Noted: ${status === 'notDispensed' ? 'not dispensed' : 'transferred'}; no dispense was recorded. An authorization this pharmacy holds stays until it is dispensed, reversed or its date passes.`,
        now(),
      ),
    };
  }

  const birthDate = dateAt(at(envelope.body, 'Patient/HumanPatient'), 'DateOfBirth', 'Patient/HumanPatient/DateOfBirth');
  if (birthDate === undefined) {
    throw rejectInput('Patient/HumanPatient/DateOfBirth/Date is missing: a dispense is recorded for the patient with her date of birth.');
  }
  // Which prescription, and the patient's program identifier.
  const prescriptionId = await relatedPrescription(services, client, envelope);
  const caseNumber = patientFacts(envelope.body).remsPatientId ?? textAt(envelope.header, 'AuthorizationNumber');
  let programId: string | undefined;
  if (prescriptionId !== null) {
    // Open to the named pharmacy for NAMED_ACCESS_DAYS after it was written; later the case number is needed.
    programId = await readNamedPrescription(services, client, prescriptionId).then(
      (view) => view.patient.programId,
      (error: unknown) => {
        if (error instanceof NotFoundError) {
          return caseNumber;
        }
        throw error;
      },
    );
    if (programId === undefined) {
      throw unidentified(
        "The prescription this RxFill relates to is no longer open to your pharmacy by itself (it was written long ago): send the patient's case number " +
          '(Patient/HumanPatient/Identification/REMSPatientID) with her date of birth. Nothing was recorded.',
      );
    }
  } else if (caseNumber !== undefined) {
    programId = caseNumber;
  } else {
    throw unidentified(
      'The RxFill names no prescription isocourse received (Header/RelatesToMessageID or PrescriberOrderNumber of its NewRx) and no case number ' +
        '(Patient/HumanPatient/Identification/REMSPatientID): the dispense cannot be matched to a patient. Nothing was recorded.',
    );
  }
  let patient: Awaited<ReturnType<typeof findPatientForPharmacy>>;
  try {
    patient = await findPatientForPharmacy(services, client, { programId, birthDate });
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw unidentified(`No enrolled patient has the case number ${programId} with the date of birth ${birthDate}. Nothing was recorded.`);
    }
    throw error;
  }
  // The authorization this pharmacy holds: for the named prescription, else the patient's active one.
  const held = await authorizationsHeldByPharmacy(services, [patient.id], client.client.organizationId);
  const candidates = patient.authorizations.filter(
    (authorization) => held.has(authorization.id) && (prescriptionId === null || authorization.prescriptionId === prescriptionId),
  );
  const authorization = candidates[0];
  if (authorization === undefined || candidates.length > 1) {
    throw unidentified(
      'Your pharmacy holds no active authorization for this prescription: every dispense needs one (R-AUTH-1). Send a REMSRequest first, then the RxFill. Nothing was recorded.',
    );
  }
  const prescription = patient.prescriptions.find((candidate) => candidate.id === authorization.prescriptionId);
  if (prescription === undefined) {
    throw unidentified('The authorized prescription is already dispensed. Nothing was recorded.');
  }
  const dispensed = child(envelope.body, 'MedicationDispensed');
  const sentTime = textAt(envelope.header, 'SentTime');
  const sentOn = sentTime === undefined || Number.isNaN(Date.parse(sentTime)) ? null : calendarDateAt(new Date(sentTime), services.program.remsTimeZone);
  const input: DispenseRequest = {
    // The fill date when the message gives one, else the day it was sent (the pharmacy system sends it at pickup).
    dispensedOn: dateAt(dispensed, 'LastFillDate', 'MedicationDispensed/LastFillDate') ?? sentOn ?? calendarDateAt(now(), services.program.remsTimeZone),
    product: prescription.product,
    strengthMg: prescription.strengthMg,
    quantity: wholeNumberAt(dispensed, 'Quantity/Value', 'MedicationDispensed/Quantity/Value') ?? prescription.quantity,
    daysSupply: wholeNumberAt(dispensed, 'DaysSupply', 'MedicationDispensed/DaysSupply') ?? prescription.daysSupply,
    // A pharmacy hands the Medication Guide over with every isotretinoin dispense (R-AUTH-6); SCRIPT
    // has no element for it, so a pharmacy system's RxFill stands for it (its registration says so).
    medicationGuideGiven: true,
  };
  try {
    return recorded(await recordDispense(services, client, { programId, birthDate, authorizationId: authorization.id }, input, key));
  } catch (error) {
    if (error instanceof RuleRefusal) {
      const reversed = error.recorded !== null && typeof error.recorded['reversedAuthorizationId'] === 'string';
      throw new ScriptRejection(
        422,
        '900',
        DESCRIPTION_CODES.missingOrInvalid,
        `The dispense is refused; nothing was recorded: ${noteOf(error.reasons)}${reversed ? ' The authorization was reversed: return the stock.' : ''}`,
      );
    }
    throw error;
  }
}
