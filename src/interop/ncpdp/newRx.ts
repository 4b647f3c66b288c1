// NewRx: an EHR sends this month's isotretinoin prescription. Recorded through the prescriber's own
// use case (writePrescription: the same limits, clinical checks and verdict as the web form), as the
// prescriber the message names by NPI, for the patient its case number identifies, routed to the
// pharmacy it names. The same MessageID sent again gives the first answer, never a second prescription.
import { normalizeProgramId } from '../../domain/pharmacyVerdict.js';
import type { Product } from '../../domain/facts.js';
import type { Services } from '../../services/context.js';
import { findPharmacy } from '../../services/interop/namedPharmacy.js';
import { auditMessageReplay, linkNewRx as storeNewRxLink, pharmacyNameOf, previousMessageAnswer } from '../../services/interop/scriptMessages.js';
import { writePrescription, type PrescriptionAnswer } from '../../services/patients/writePrescription.js';
import { PROGRAM_ID_SYSTEM } from '../fhir/systems.js';
import { isIsotretinoin } from '../medicationCodes.js';
import { identifyPatient } from '../../services/patientMatching/matchPatient.js';
import { actingPrescriber, requireClientKind, type ClientActor } from '../smart/clientAuth.js';
import { headerPharmacyId, statusMessage } from './answers.js';
import {
  dateAt,
  DESCRIPTION_CODES,
  messageKey,
  type ScriptAnswer,
  drugCodes,
  drugConcept,
  newRxCaseNumber,
  patientFacts,
  pharmacyIds,
  prescriberNpi,
  rejectInput,
  ScriptRejection,
  wholeNumberAt,
  type ScriptEnvelope,
} from './messages.js';
import { noteOf } from './reasonCodes.js';
import { child, firstText, textAt, type XmlElement } from './xml.js';

/** Brand names as they appear in a DrugDescription, most specific first (Absorica LD before Absorica). */
const BRANDS: ReadonlyArray<[RegExp, Product]> = [
  [/absorica\s*ld/i, 'absoricaLd'],
  [/absorica/i, 'absorica'],
  [/claravis/i, 'claravis'],
  [/amnesteem/i, 'amnesteem'],
  [/myorisan/i, 'myorisan'],
  [/zenatane/i, 'zenatane'],
];

function productOf(description: string | undefined): Product {
  return BRANDS.find(([pattern]) => pattern.test(description ?? ''))?.[1] ?? 'isotretinoinGeneric';
}

/** The capsule strength: DrugCoded/Strength in mg, else the "20 MG" of the DrugDescription. */
function strengthOf(medication: XmlElement, description: string | undefined): number {
  const value = firstText(medication, 'DrugCoded/Strength/StrengthValue', 'Strength/StrengthValue');
  const fromDescription = /(\d+(?:\.\d+)?)\s*mg\b/i.exec(description ?? '')?.[1];
  const text = value ?? fromDescription;
  const strength = text === undefined ? Number.NaN : Number(text);
  if (!Number.isInteger(strength) || strength < 1 || strength > 100) {
    throw rejectInput(
      text === undefined
        ? 'The capsule strength is missing: give DrugCoded/Strength/StrengthValue in mg, or a DrugDescription such as "Isotretinoin 20 MG Oral Capsule".'
        : `The capsule strength "${text}" mg is not a whole number of mg between 1 and 100.`,
    );
  }
  return strength;
}

export interface PrescriptionTerms {
  writtenOn: string;
  product: Product;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
  quantity: number;
  refills: number;
}

/** The prescription as the message states it; what is missing or unreadable is refused, naming the element. */
export function prescriptionTerms(medication: XmlElement): PrescriptionTerms {
  const description = textAt(medication, 'DrugDescription');
  const writtenOn = dateAt(medication, 'WrittenDate', 'MedicationPrescribed/WrittenDate');
  const quantity = wholeNumberAt(medication, 'Quantity/Value', 'MedicationPrescribed/Quantity/Value');
  const daysSupply = wholeNumberAt(medication, 'DaysSupply', 'MedicationPrescribed/DaysSupply');
  const refills = wholeNumberAt(medication, 'NumberOfRefills', 'MedicationPrescribed/NumberOfRefills') ?? 0;
  const missing = [
    writtenOn === undefined ? 'WrittenDate/Date' : null,
    quantity === undefined ? 'Quantity/Value' : null,
    // The program limits the days a prescription covers (30): it must be stated, not inferred from the sig.
    daysSupply === undefined ? 'DaysSupply' : null,
  ].filter((name): name is string => name !== null);
  if (missing.length > 0 || writtenOn === undefined || quantity === undefined || daysSupply === undefined) {
    throw rejectInput(`MedicationPrescribed lacks ${missing.join(', ')}; an isotretinoin prescription states its date, quantity and days supply.`);
  }
  if (quantity < 1 || daysSupply < 1) {
    throw rejectInput('MedicationPrescribed/Quantity/Value and DaysSupply must be at least 1.');
  }
  // isocourse records capsules a day (the daily dose); the message states the quantity for the days.
  const capsulesPerDay = quantity / daysSupply;
  if (!Number.isInteger(capsulesPerDay) || capsulesPerDay > 10) {
    throw rejectInput(
      `${quantity} capsules for ${daysSupply} days is not a whole number of capsules a day (1 to 10); state the quantity for whole capsules a day.`,
    );
  }
  return { writtenOn, product: productOf(description), strengthMg: strengthOf(medication, description), capsulesPerDay, daysSupply, quantity, refills };
}

function describePrescription(answer: PrescriptionAnswer, pharmacyName: string | null): string {
  const where = pharmacyName === null ? "It names the patient's own pharmacy, if she has one." : `It is routed to ${pharmacyName}.`;
  const fill = answer.fillability.allowed
    ? `It can be filled now${'doNotDispenseAfter' in answer.fillability && answer.fillability.doNotDispenseAfter !== null ? `, until ${answer.fillability.doNotDispenseAfter}` : ''}.`
    : `It cannot be filled yet: ${noteOf(answer.fillability.reasons)}`;
  return `Prescription recorded (isocourse id ${answer.id}). ${where} ${fill}`;
}

export async function receiveNewRx(services: Services, client: ClientActor, envelope: ScriptEnvelope): Promise<ScriptAnswer> {
  requireClientKind(client, 'practice');
  const rx = envelope.body;
  const prescriber = await actingPrescriber(services, client, prescriberNpi(rx));
  const key = messageKey(envelope);
  const now = () => services.now();
  const replay = await previousMessageAnswer<PrescriptionAnswer>(services, prescriber, key);
  if (replay !== null) {
    await auditMessageReplay(services, prescriber, 'prescription.write', { entity: 'prescription', id: replay.id });
    // The link is written after the prescription's own transaction; a resend makes sure it is there.
    await linkNewRx(services, client, envelope, replay.id);
    return { httpStatus: 200, xml: statusMessage(envelope, describePrescription(replay, await pharmacyNameOf(services, replay.id)), now()) };
  }

  const medication = child(rx, 'MedicationPrescribed');
  const codes = drugCodes(medication);
  if (medication === undefined || !isIsotretinoin(drugConcept(codes))) {
    throw rejectInput(
      `MedicationPrescribed is not isotretinoin by any of its codes (${codes.map((code) => `${code.code} ${code.qualifier ?? ''}`.trim()).join(', ') || 'none sent'}). ` +
        'isocourse receives isotretinoin prescriptions only, recognised by an RxNorm (ingredient 6064, its SCDs and SBDs) or NDC code in DrugCoded.',
    );
  }
  const terms = prescriptionTerms(medication);

  // The pharmacy it names must be one isocourse knows; a NewRx naming none goes to the patient's own pharmacy.
  const named = pharmacyIds(rx);
  const headerPharmacy = headerPharmacyId(envelope);
  const pharmacyWanted = named.ncpdpId !== undefined || named.npi !== undefined || headerPharmacy !== undefined;
  const pharmacy = pharmacyWanted ? await findPharmacy(services, { ncpdpId: named.ncpdpId ?? headerPharmacy, npi: named.npi }) : null;
  if (pharmacyWanted && pharmacy === null) {
    throw new ScriptRejection(
      422,
      '900',
      DESCRIPTION_CODES.unidentified,
      `The pharmacy named (${[named.ncpdpId ?? headerPharmacy, named.npi]
        .filter(Boolean)
        .map((id) => `"${id}"`)
        .join(', ')}) is not a pharmacy registered in isocourse; ` + "an administrator records each pharmacy's NCPDPID and NPI. Nothing was recorded.",
    );
  }

  const caseNumber = newRxCaseNumber(envelope);
  const who = patientFacts(rx);
  const match = await identifyPatient(services, client, {
    identifiers: caseNumber === undefined ? [] : [{ system: PROGRAM_ID_SYSTEM, value: caseNumber }],
    givenNames: who.givenName === undefined ? [] : [who.givenName],
    ...(who.familyName === undefined ? {} : { familyName: who.familyName }),
    ...(who.birthDate === undefined ? {} : { birthDate: who.birthDate }),
  });
  if (match.kind === 'needsReview') {
    throw new ScriptRejection(
      422,
      '900',
      DESCRIPTION_CODES.unidentified,
      'The patient needs review: the NewRx carries no case number isocourse knows, and a name and birth date alone never identify a patient. ' +
        `The care team was asked to confirm who she is (review ${match.reviewId}); nothing was recorded. Send the prescription again with her case number ` +
        '(Header/AuthorizationNumber or MedicationPrescribed/REMSAuthorizationNumber).',
    );
  }
  if (match.kind === 'notFound') {
    throw new ScriptRejection(
      422,
      '900',
      DESCRIPTION_CODES.unidentified,
      caseNumber === undefined
        ? 'The NewRx carries no case number (Header/AuthorizationNumber or MedicationPrescribed/REMSAuthorizationNumber) and no patient of this practice matches it. Nothing was recorded.'
        : `No patient of this practice has the case number ${normalizeProgramId(caseNumber)}${who.birthDate === undefined ? '' : ` with the birth date ${who.birthDate}`}. Nothing was recorded.`,
    );
  }

  const answer = await writePrescription(services, prescriber, match.patientId, { ...terms, pharmacyId: pharmacy?.id ?? null }, key);
  await linkNewRx(services, client, envelope, answer.id);
  return { httpStatus: 200, xml: statusMessage(envelope, describePrescription(answer, await pharmacyNameOf(services, answer.id)), now()) };
}

/** Which NewRx the prescription came from: what the pharmacy's RxFill names it by (RelatesToMessageID, PrescriberOrderNumber). */
async function linkNewRx(services: Services, client: ClientActor, envelope: ScriptEnvelope, prescriptionId: string): Promise<void> {
  await storeNewRxLink(services, {
    prescriptionId,
    practiceId: client.client.organizationId,
    messageId: envelope.messageId,
    prescriberOrderNumber: textAt(envelope.header, 'PrescriberOrderNumber')?.slice(0, 100) ?? null,
  });
}
