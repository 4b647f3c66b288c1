// The pharmacy system asks the REMS administrator: REMSInitiationRequest ("is there a case for this
// patient?") and REMSRequest ("may I dispense?"). The REMSRequest is the pharmacy's authorization
// request of the web and API (requestAuthorization): the same engine, the same patient row lock,
// the same idempotency (the MessageID is the Idempotency-Key). The patient is found by the
// program's rule for pharmacies: case number (= program identifier) AND birth date.
import { usDoNotDispenseAfter, usRmaNumber } from '../../domain/authorizations.js';
import { reason } from '../../domain/decision.js';
import { normalizeProgramId } from '../../domain/pharmacyVerdict.js';
import type { Services } from '../../services/context.js';
import { findPharmacy } from '../../services/interop/namedPharmacy.js';
import { NotFoundError, RuleRefusal } from '../../services/errors.js';
import { auditMessageReplay, latestWritten, newRxPrescriptionsAmong, previousMessageAnswer } from '../../services/interop/scriptMessages.js';
import { findPatientForPharmacy } from '../../services/patients/readPatients.js';
import { requestAuthorization, type AuthorizationAnswer } from '../../services/pharmacy/requestAuthorization.js';
import { requireClientKind, type ClientActor } from '../smart/clientAuth.js';
import { initiationResponse, remsResponse } from './answers.js';
import { dateAt, messageKey, pharmacyIds, ScriptRejection, DESCRIPTION_CODES, type ScriptAnswer, type ScriptEnvelope } from './messages.js';
import { CASE_NOT_FOUND, denialOf, type RemsDenial } from './reasonCodes.js';
import { at, firstText, textAt, type XmlElement } from './xml.js';

/**
 * The client acts for its own pharmacy only: a message naming another pharmacy registered in
 * isocourse is refused (an unknown identifier is the sender's own business and is ignored).
 */
export async function requireOwnPharmacy(services: Services, client: ClientActor, message: XmlElement): Promise<void> {
  const named = await findPharmacy(services, pharmacyIds(message));
  if (named !== null && named.id !== client.client.organizationId) {
    throw new ScriptRejection(
      403,
      '900',
      DESCRIPTION_CODES.unidentified,
      `The message names the pharmacy ${named.name}, but this client acts for another pharmacy; each pharmacy system sends for its own pharmacy.`,
    );
  }
}

interface CaseLookup {
  caseId: string | undefined;
  birthDate: string | undefined;
}

function caseLookup(message: XmlElement, caseIdPaths: string[]): CaseLookup {
  return {
    caseId: firstText(message, ...caseIdPaths),
    birthDate: dateAt(at(message, 'Patient/HumanPatient'), 'DateOfBirth', 'Patient/HumanPatient/DateOfBirth'),
  };
}

/** What is missing to find the case, as a denial a pharmacist can act on; null when both are there. */
function incomplete({ caseId, birthDate }: CaseLookup, caseIdElement: string): RemsDenial | null {
  const missing = [
    caseId === undefined ? `the case number (${caseIdElement})` : null,
    birthDate === undefined ? "the patient's date of birth (Patient/HumanPatient/DateOfBirth/Date)" : null,
  ].filter((part): part is string => part !== null);
  if (missing.length === 0) {
    return null;
  }
  return {
    code: 'EC',
    note: `Case information incomplete: the request lacks ${missing.join(' and ')}. The program finds a patient by her case number (program identifier) and date of birth; ask the patient or her prescriber for them.`,
  };
}

const NO_PRESCRIPTION = reason(
  'PRESCRIPTION_NOT_FOUND',
  'R-RX-2',
  'No prescription of this patient awaits a fill.',
  "The prescriber writes this month's prescription; then ask again.",
);

/** The prescription the request is for: the one its header names (a NewRx isocourse received), else the patient's latest not yet filled. */
async function prescriptionFor(services: Services, envelope: ScriptEnvelope, unfilled: ReadonlyArray<{ id: string }>): Promise<string | null> {
  const references = [textAt(envelope.header, 'PrescriberOrderNumber'), textAt(envelope.header, 'RelatesToMessageID')].filter(
    (value): value is string => value !== undefined,
  );
  if (references.length > 0 && unfilled.length > 0) {
    const linked = await newRxPrescriptionsAmong(
      services,
      references,
      unfilled.map((prescription) => prescription.id),
    );
    if (linked.length === 1 && linked[0] !== undefined) {
      return linked[0];
    }
  }
  if (unfilled.length === 0) {
    return null;
  }
  // The latest written; of two written the same day, the later recorded.
  return latestWritten(
    services,
    unfilled.map((prescription) => prescription.id),
  );
}

export async function answerRemsRequest(services: Services, client: ClientActor, envelope: ScriptEnvelope): Promise<ScriptAnswer> {
  requireClientKind(client, 'pharmacy');
  await requireOwnPharmacy(services, client, envelope.body);
  const now = () => services.now();
  const lookup = caseLookup(envelope.body, ['Request/SolicitedModel/REMSCaseID', 'Patient/HumanPatient/Identification/REMSPatientID']);
  const caseId = lookup.caseId === undefined ? undefined : normalizeProgramId(lookup.caseId);
  const denied = (denial: RemsDenial): ScriptAnswer => ({
    httpStatus: 200,
    xml: remsResponse(envelope, { denied: { ...denial, caseId: lookup.caseId } }, now()),
  });
  const approved = (answer: AuthorizationAnswer, programId: string): ScriptAnswer => ({
    httpStatus: 200,
    xml: remsResponse(
      envelope,
      {
        approved: {
          caseId: programId,
          // The SCRIPT REMS exchange is the US program's: its authorizations have both (migration 0030).
          authorizationNumber: usRmaNumber({ ...answer.authorization, remsRmaNumber: null }),
          effectiveDate: answer.authorization.requestedOn,
          expirationDate: usDoNotDispenseAfter({ ...answer.authorization, remsDoNotDispenseAfter: null }),
        },
      },
      now(),
    ),
  });

  // The same message again: the authorization it was given, whatever has happened since.
  const key = messageKey(envelope);
  const replay = await previousMessageAnswer<AuthorizationAnswer>(services, client, key);
  if (replay !== null && caseId !== undefined) {
    await auditMessageReplay(services, client, 'authorization.request', { entity: 'authorization', id: replay.id });
    return approved(replay, caseId);
  }
  const missing = incomplete(lookup, 'Request/SolicitedModel/REMSCaseID');
  if (missing !== null || lookup.caseId === undefined || lookup.birthDate === undefined) {
    return denied(missing ?? CASE_NOT_FOUND);
  }
  const target = { programId: lookup.caseId, birthDate: lookup.birthDate };
  let patient: Awaited<ReturnType<typeof findPatientForPharmacy>>;
  try {
    patient = await findPatientForPharmacy(services, client, target);
  } catch (error) {
    if (error instanceof NotFoundError) {
      return denied(CASE_NOT_FOUND);
    }
    throw error;
  }
  const prescriptionId = await prescriptionFor(services, envelope, patient.prescriptions);
  if (prescriptionId === null) {
    // Say also what else stands in the way, so the code names who must act first.
    return denied(denialOf([...patient.blockers, NO_PRESCRIPTION]));
  }
  try {
    return approved(await requestAuthorization(services, client, { ...target, prescriptionId }, key), patient.programId);
  } catch (error) {
    if (error instanceof RuleRefusal) {
      return denied(denialOf(error.reasons));
    }
    if (error instanceof NotFoundError) {
      return denied(CASE_NOT_FOUND);
    }
    throw error;
  }
}

export async function answerRemsInitiation(services: Services, client: ClientActor, envelope: ScriptEnvelope): Promise<ScriptAnswer> {
  requireClientKind(client, 'pharmacy');
  await requireOwnPharmacy(services, client, envelope.body);
  const now = () => services.now();
  const lookup = caseLookup(envelope.body, ['Patient/HumanPatient/Identification/REMSPatientID', 'REMSCaseID']);
  const closed = (denial: RemsDenial): ScriptAnswer => ({ httpStatus: 200, xml: initiationResponse(envelope, { closed: denial }, now()) });
  const missing = incomplete(lookup, 'Patient/HumanPatient/Identification/REMSPatientID');
  if (missing !== null || lookup.caseId === undefined || lookup.birthDate === undefined) {
    return closed(missing ?? CASE_NOT_FOUND);
  }
  try {
    const patient = await findPatientForPharmacy(services, client, { programId: lookup.caseId, birthDate: lookup.birthDate });
    // What stands between the patient and a fill today, in the engine's words (the prescription itself aside).
    if (patient.blockers.length > 0) {
      return closed(denialOf(patient.blockers));
    }
    return { httpStatus: 200, xml: initiationResponse(envelope, { open: { caseId: patient.programId } }, now()) };
  } catch (error) {
    if (error instanceof NotFoundError) {
      return closed(CASE_NOT_FOUND);
    }
    throw error;
  }
}
