// The SCRIPT messages isocourse answers with: REMSResponse, REMSInitiationResponse, Status and
// Error. Pure: what to say in, XML out.
//
// The header is the answer's own (a new MessageID, RelatesToMessageID = the request's, To and From
// swapped), not the request's header echoed as the reference administrator does. The body echoes
// what the pharmacy sent about the patient, pharmacy, prescriber and medication, as the reference
// does, so the pharmacy system finds the answer's context where it looks for it.
import { randomUUID } from 'node:crypto';
import { child, echo, el, textAt, writeXml, type OutElement, type XmlElement } from './xml.js';
import type { ScriptEnvelope } from './messages.js';
import type { RemsDenial } from './reasonCodes.js';

/** The version isocourse labels its answers with when the request carried none. */
export const DEFAULT_VERSION_LABEL = '2017071';

function messageAttributes(versionLabel: string | null): Record<string, string> {
  const version = versionLabel ?? DEFAULT_VERSION_LABEL;
  return {
    DatatypesVersion: version,
    TransportVersion: version,
    TransactionDomain: 'SCRIPT',
    TransactionVersion: version,
    StructuresVersion: version,
    ECLVersion: version,
  };
}

function party(name: 'To' | 'From', original: XmlElement | undefined): OutElement[] {
  if (original === undefined) {
    return [];
  }
  return [el(name, original.text, original.attributes)];
}

/** The answer's header: the request's From becomes its To and the other way round. */
export function answerHeader(envelope: ScriptEnvelope, sentAt: Date): OutElement {
  const header = envelope.header;
  const echoed = ['RxReferenceNumber', 'PrescriberOrderNumber']
    .map((name) => child(header, name))
    .filter((element): element is XmlElement => element !== undefined)
    .map((element) => el(element.name, element.text));
  return el('Header', [
    ...party('To', child(header, 'From')),
    ...party('From', child(header, 'To')),
    el('MessageID', randomUUID()),
    el('RelatesToMessageID', envelope.messageId),
    el('SentTime', sentAt.toISOString()),
    ...echoed,
  ]);
}

function message(envelope: ScriptEnvelope | null, sentAt: Date, body: OutElement): string {
  return writeXml(
    el('Message', [...(envelope === null ? [] : [answerHeader(envelope, sentAt)]), el('Body', [body])], messageAttributes(envelope?.versionLabel ?? null)),
  );
}

/** The parts of the request the answer repeats, in SCRIPT order, as they were sent. */
function echoedContext(request: XmlElement, replacePatient?: OutElement): OutElement[] {
  const parts: OutElement[] = [];
  const reference = child(request, 'REMSReferenceID');
  if (reference !== undefined) {
    parts.push(echo(reference));
  }
  const patient = child(request, 'Patient');
  if (replacePatient !== undefined) {
    parts.push(replacePatient);
  } else if (patient !== undefined) {
    parts.push(echo(patient));
  }
  for (const name of ['Pharmacy', 'Prescriber', 'MedicationPrescribed']) {
    const element = child(request, name);
    if (element !== undefined) {
      parts.push(echo(element));
    }
  }
  return parts;
}

export interface Approval {
  caseId: string;
  authorizationNumber: string;
  effectiveDate: string;
  /** The do-not-dispense-after date. */
  expirationDate: string;
}

export type RemsVerdict = { approved: Approval } | { denied: RemsDenial & { caseId: string | undefined } };

/** REMSResponse: Approved with the authorization number and period, or Denied with the reason code and a note. */
export function remsResponse(envelope: ScriptEnvelope, verdict: RemsVerdict, sentAt: Date): string {
  const status =
    'approved' in verdict
      ? el('Approved', [
          el('REMSCaseID', verdict.approved.caseId),
          el('REMSAuthorizationNumber', verdict.approved.authorizationNumber),
          el('AuthorizationPeriod', [
            el('EffectiveDate', [el('Date', verdict.approved.effectiveDate)]),
            el('ExpirationDate', [el('Date', verdict.approved.expirationDate)]),
          ]),
        ])
      : el('Denied', [
          ...(verdict.denied.caseId === undefined ? [] : [el('REMSCaseID', verdict.denied.caseId)]),
          el('DeniedReasonCode', verdict.denied.code),
          el('REMSNote', verdict.denied.note),
        ]);
  return message(envelope, sentAt, el('REMSResponse', [...echoedContext(envelope.body), el('Response', [el('ResponseStatus', [status])])]));
}

export type InitiationVerdict = { open: { caseId: string } } | { closed: RemsDenial };

/**
 * REMSInitiationResponse. Open: the case number in Patient/HumanPatient/Identification/REMSPatientID
 * (where the pharmacy system reads it) and no Response, like the reference; closed: the reason code and note.
 */
export function initiationResponse(envelope: ScriptEnvelope, verdict: InitiationVerdict, sentAt: Date): string {
  if ('open' in verdict) {
    const human = child(child(envelope.body, 'Patient'), 'HumanPatient');
    const rest = (human?.children ?? []).filter((element) => element.name.toLowerCase() !== 'identification').map(echo);
    const patient = el('Patient', [el('HumanPatient', [el('Identification', [el('REMSPatientID', verdict.open.caseId)]), ...rest])]);
    return message(envelope, sentAt, el('REMSInitiationResponse', echoedContext(envelope.body, patient)));
  }
  return message(
    envelope,
    sentAt,
    el('REMSInitiationResponse', [
      ...echoedContext(envelope.body),
      el('Response', [el('ResponseStatus', [el('Closed', [el('ReasonCode', verdict.closed.code), el('REMSNote', verdict.closed.note)])])]),
    ]),
  );
}

/** Status: the message was received and done (000). */
export function statusMessage(envelope: ScriptEnvelope, description: string, sentAt: Date): string {
  return message(envelope, sentAt, el('Status', [el('Code', '000'), el('Description', description)]));
}

export interface ScriptError {
  code: string;
  descriptionCode: string;
  description: string;
}

/** Error: what is wrong, named. Without a header when the request could not be read far enough to answer it. */
export function errorMessage(envelope: ScriptEnvelope | null, error: ScriptError, sentAt: Date): string {
  return message(envelope, sentAt, el('Error', [el('Code', error.code), el('DescriptionCode', error.descriptionCode), el('Description', error.description)]));
}

/** The sender's Qualifier-P party (a pharmacy's NCPDPID) in Header/To, if any. */
export function headerPharmacyId(envelope: ScriptEnvelope): string | undefined {
  const to = child(envelope.header, 'To');
  return to !== undefined && (to.attributes['Qualifier'] ?? '').toUpperCase() === 'P' ? textAt(envelope.header, 'To') : undefined;
}
