// What isocourse reads from a SCRIPT message: the envelope (version, MessageID, message type) and,
// per message type, the few facts a use case needs. Pure: XML in, plain values or a rejection out.
//
// Where the peers put the same fact in different places, every known place is read (first found
// wins); the README of ../shared/interop-examples lists them (wire-format facts 1 and 2).
import type { CodeableConcept } from '@medplum/fhirtypes';
import { unstorableFields } from '../../api/unstorableInput.js';
import { isIsoDate } from '../../domain/dates.js';
import { idempotencyKey, type IdempotencyKey } from '../../services/idempotency.js';
import { NDC, RXNORM } from '../fhir/systems.js';
import { at, child, childrenNamed, echo, firstText, readXml, textAt, UnreadableXml, type XmlElement } from './xml.js';

/**
 * The SCRIPT versions accepted, as their seven-digit release (2017071 = 2017, July, edition 1). The
 * peers label them differently: the EHR "20170715", the pharmacy system "2024011", the reference
 * administrator "V2024071"; the IG names 2017071 as current and 2023011 as its successor.
 */
export const ACCEPTED_SCRIPT_VERSIONS = ['2017071', '2023011', '2024011', '2024071'] as const;

/** The message types isocourse answers. */
export const MESSAGE_TYPES = ['NewRx', 'REMSInitiationRequest', 'REMSRequest', 'RxFill'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * A message isocourse refuses: the NCPDP Error it answers. Code 900 is "transaction rejected" (the
 * message was read, and what it asks cannot be done), 601 "receiver unable to process" (what it
 * asks is not something isocourse does). The description names what is wrong, for the sender.
 */
export class ScriptRejection extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: '900' | '601',
    readonly descriptionCode: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * DescriptionCode values used. 1000 is "Unable to identify based on information submitted" in the
 * SCRIPT External Code List as remembered here; 2000 and 4000 group isocourse's other refusals. The
 * ECL itself (NCPDP members only) could not be checked here: a peer should act on the Code and read
 * the Description, which always names what is wrong.
 */
export const DESCRIPTION_CODES = {
  /** Unable to identify based on information submitted (patient, prescriber or pharmacy). */
  unidentified: '1000',
  /** A data element is missing or invalid; the description names it. */
  missingOrInvalid: '2000',
  /** The message or its version is not supported. */
  notSupported: '4000',
} as const;

export const rejectInput = (description: string): ScriptRejection => new ScriptRejection(400, '900', DESCRIPTION_CODES.missingOrInvalid, description);

export interface ScriptEnvelope {
  root: XmlElement;
  header: XmlElement | undefined;
  /** The version label as the sender wrote it (TransactionVersion), or null when the message carries none. */
  versionLabel: string | null;
  messageId: string;
  type: string;
  body: XmlElement;
}

/** "V2024071", "2024071" and "20170715" → the seven-digit release; anything else → null. */
export function scriptRelease(label: string): string | null {
  const match = /^V?(\d{7})\d?$/i.exec(label.trim());
  return match?.[1] ?? null;
}

const VERSION_ATTRIBUTES = ['TransactionVersion', 'StructuresVersion', 'DatatypesVersion', 'TransportVersion', 'ECLVersion', 'version'];

/** The longest MessageID accepted (SCRIPT allows 35 characters; kept generous for peers that send UUIDs with braces). */
const MAX_MESSAGE_ID = 100;

/**
 * Reads the envelope. Refuses (ScriptRejection) XML that is not well-formed, a root that is not
 * <Message>, a version outside ACCEPTED_SCRIPT_VERSIONS, a missing Header/MessageID or a Body
 * without exactly one message. A message without any version attribute is read as the current
 * version: the pharmacy system's older fixtures carry none.
 */
export function readEnvelope(xml: string): ScriptEnvelope {
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (error) {
    if (error instanceof UnreadableXml) {
      throw rejectInput(error.message);
    }
    throw error;
  }
  // A character reference can smuggle in what the database cannot keep (&#0;, a lone surrogate): refused here, never a 500 later.
  if (unstorableFields(root).length > 0) {
    throw rejectInput('The message holds a character that cannot be stored (a NUL, U+0000, or an unpaired surrogate).');
  }
  if (root.name.toLowerCase() !== 'message') {
    throw rejectInput(`The root element is <${root.name}>; an NCPDP SCRIPT message is a <Message>.`);
  }
  const versionAttribute = VERSION_ATTRIBUTES.map((name) => Object.entries(root.attributes).find(([key]) => key.toLowerCase() === name.toLowerCase())).find(
    (entry) => entry !== undefined,
  );
  const versionLabel = versionAttribute?.[1] ?? null;
  if (versionLabel !== null) {
    const release = scriptRelease(versionLabel);
    if (release === null || !(ACCEPTED_SCRIPT_VERSIONS as readonly string[]).includes(release)) {
      throw new ScriptRejection(
        400,
        '900',
        DESCRIPTION_CODES.notSupported,
        `SCRIPT version "${versionLabel}" is not supported; isocourse reads ${ACCEPTED_SCRIPT_VERSIONS.join(', ')} (labelled e.g. 2017071, 20170715, 2024011 or V2024071).`,
      );
    }
  }
  const header = child(root, 'Header');
  const messageId = textAt(header, 'MessageID');
  if (messageId === undefined) {
    throw rejectInput('Header/MessageID is missing: every message needs its own MessageID (isocourse uses it to answer a resent message the same way).');
  }
  if (messageId.length > MAX_MESSAGE_ID) {
    throw rejectInput(`Header/MessageID is ${messageId.length} characters long; at most ${MAX_MESSAGE_ID} are accepted.`);
  }
  const messages = child(root, 'Body')?.children ?? [];
  const body = messages[0];
  if (body === undefined || messages.length > 1) {
    throw rejectInput('Body must hold exactly one message (NewRx, REMSInitiationRequest, REMSRequest or RxFill).');
  }
  return { root, header, versionLabel, messageId, type: body.name, body };
}

/** The message type as isocourse names it, matched case-insensitively; null for any other. */
export function messageTypeOf(envelope: ScriptEnvelope): MessageType | null {
  return MESSAGE_TYPES.find((type) => type.toLowerCase() === envelope.type.toLowerCase()) ?? null;
}

// ---- Parts shared by the message types ----

export interface DrugCode {
  code: string;
  qualifier: string | undefined;
}

/**
 * Every product code of a medication element: DrugCoded/ProductCode (NDC, qualifier ND; the older
 * fixture puts RxNorm there with a URL qualifier), DrugCoded/DrugDBCode (RxNorm SCD/SBD…), the
 * older Product/DrugCoded nesting, and a bare DrugCoded/NDC (what the reference administrator reads).
 */
export function drugCodes(medication: XmlElement | undefined): DrugCode[] {
  const codedElements = [...childrenNamed(medication, 'DrugCoded'), ...childrenNamed(child(medication, 'Product'), 'DrugCoded')];
  const codes: DrugCode[] = [];
  for (const coded of codedElements) {
    for (const name of ['ProductCode', 'DrugDBCode']) {
      for (const element of childrenNamed(coded, name)) {
        const code = textAt(element, 'Code');
        if (code !== undefined) {
          codes.push({ code, qualifier: textAt(element, 'Qualifier') });
        }
      }
    }
    const ndc = textAt(coded, 'NDC');
    if (ndc !== undefined) {
      codes.push({ code: ndc, qualifier: 'ND' });
    }
  }
  return codes;
}

/** RxNorm term types a DrugDBCode qualifier may carry (SCRIPT's "DrugDBCodeQualifier"). */
const RXNORM_QUALIFIERS = new Set(['SCD', 'SBD', 'GPCK', 'BPCK', 'SCDG', 'SBDG', 'SCDF', 'SBDF', 'IN', 'MIN', 'PIN', 'BN']);

/** The codes as a FHIR CodeableConcept, so one function (isIsotretinoin) recognises the drug for every surface. */
export function drugConcept(codes: readonly DrugCode[]): CodeableConcept {
  return {
    coding: codes.map(({ code, qualifier }) => {
      const q = (qualifier ?? '').trim();
      const system =
        q.toUpperCase() === 'ND' || q.toUpperCase() === 'NDC' || q.toLowerCase().endsWith('/ndc')
          ? NDC
          : RXNORM_QUALIFIERS.has(q.toUpperCase()) || q.toLowerCase().includes('rxnorm')
            ? RXNORM
            : undefined;
      return system === undefined ? { code } : { system, code };
    }),
  };
}

export interface PatientFacts {
  givenName: string | undefined;
  familyName: string | undefined;
  birthDate: string | undefined;
  /** The program identifier where the patient element carries it (REMSPatientID). */
  remsPatientId: string | undefined;
}

/** HumanPatient's name (Name or the older Names/Name), birth date and REMS patient id. */
export function patientFacts(message: XmlElement): PatientFacts {
  const human = at(message, 'Patient/HumanPatient');
  return {
    givenName: firstText(human, 'Name/FirstName', 'Names/Name/FirstName'),
    familyName: firstText(human, 'Name/LastName', 'Names/Name/LastName'),
    birthDate: firstText(human, 'DateOfBirth/Date', 'DateOfBirth/DateTime')?.slice(0, 10),
    remsPatientId: firstText(human, 'Identification/REMSPatientID'),
  };
}

export interface PharmacyIds {
  ncpdpId: string | undefined;
  npi: string | undefined;
}

export function pharmacyIds(message: XmlElement): PharmacyIds {
  return { ncpdpId: textAt(message, 'Pharmacy/Identification/NCPDPID'), npi: textAt(message, 'Pharmacy/Identification/NPI') };
}

export function prescriberNpi(message: XmlElement): string | undefined {
  return firstText(message, 'Prescriber/NonVeterinarian/Identification/NPI', 'Prescriber/Veterinarian/Identification/NPI');
}

/** A date element (Date, or the date part of DateTime), checked to be a calendar date. */
export function dateAt(element: XmlElement | undefined, path: string, what: string): string | undefined {
  const value = firstText(element, `${path}/Date`, `${path}/DateTime`)?.slice(0, 10);
  if (value === undefined) {
    return undefined;
  }
  if (!isIsoDate(value)) {
    throw rejectInput(`${what} "${value}" is not a date (YYYY-MM-DD).`);
  }
  return value;
}

/** A whole number at a path, or undefined; a value that is not one is refused, naming the element. */
export function wholeNumberAt(element: XmlElement | undefined, path: string, what: string): number | undefined {
  const value = textAt(element, path);
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d{1,6}(\.0+)?$/.test(value)) {
    throw rejectInput(`${what} "${value}" is not a whole number.`);
  }
  return Number.parseInt(value, 10);
}

/** The case number (= the patient's program identifier): NewRx carries it in Header/AuthorizationNumber or MedicationPrescribed/REMSAuthorizationNumber. */
export function newRxCaseNumber(envelope: ScriptEnvelope): string | undefined {
  return textAt(envelope.header, 'AuthorizationNumber') ?? textAt(envelope.body, 'MedicationPrescribed/REMSAuthorizationNumber');
}

/** The medication element of each message type. */
export function medicationOf(envelope: ScriptEnvelope): XmlElement | undefined {
  return child(envelope.body, 'MedicationPrescribed') ?? child(envelope.body, 'MedicationDispensed');
}

/** What a handler answers: the HTTP status and the SCRIPT message. */
export interface ScriptAnswer {
  httpStatus: number;
  xml: string;
  /** A refusal worth retrying later (429): the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
}

/**
 * The idempotency key of a message: its MessageID (per sending client, like any Idempotency-Key),
 * over the message body as sent. The same MessageID with another body is refused, never replayed;
 * the header (SentTime…) may differ between two sendings of the same message.
 */
export function messageKey(envelope: ScriptEnvelope): IdempotencyKey {
  return idempotencyKey(`ncpdp:${envelope.messageId}`, { method: 'POST', path: '/ncpdp/script', body: echo(envelope.body) });
}
