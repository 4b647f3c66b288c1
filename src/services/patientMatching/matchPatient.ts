// Which isocourse patient a client's message is about (issue 11, item 7: patient identity is never
// a guess). Only two things identify a patient:
//   - the program identifier (system PROGRAM_ID_SYSTEM): a practice's client finds its own
//     practice's patient by it; a pharmacy's client keeps the program rule, identifier AND birth
//     date (services/access.ts). When that message also carries the client's own identifiers (a
//     medical record number, say), a practice's client gets them linked: the program identifier
//     proved whose they are.
//   - an identifier linked earlier for the client's organization (patient_links).
// Names and a birth date matching exactly one patient of the practice are a candidate, never an
// answer: the message gets "needs review", the care team sees what the client sent next to the
// record on its worklist and decides (services/patientMatching/decideMatchReview.ts). A pharmacy's
// client never gets a review: pharmacies find patients by identifier and birth date, nothing else.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isIsoDate } from '../../domain/dates.js';
import { normalizeProgramId } from '../../domain/pharmacyVerdict.js';
import { markWorklistStale } from '../../db/worklistEntries.js';
import { writeAudit } from '../audit.js';
import type { Actor, ClientActor, Executor, Services } from '../context.js';
import { PROGRAM_ID_SYSTEM } from '../../domain/identifierSystems.js';
import { ConflictError, InvalidInputError, type FieldError } from '../errors.js';
import { comparableName } from '../patients/enrollPatient.js';

export { PROGRAM_ID_SYSTEM };

export interface PatientDemographics {
  identifiers: { system?: string; value: string }[];
  givenNames: string[];
  familyName?: string;
  birthDate?: string;
}

export type PatientMatch = { kind: 'matched'; patientId: string } | { kind: 'needsReview'; reviewId: string } | { kind: 'notFound' };

/** Longest identifier value, system and name kept (as patient_links and patient_match_reviews allow). */
const MAX_VALUE = 200;
const MAX_SYSTEM = 500;
const MAX_NAME = 200;
const MAX_IDENTIFIERS = 20;
const MAX_GIVEN_NAMES = 10;
/** A NUL or an unpaired surrogate: PostgreSQL cannot keep it (see api/unstorableInput.ts). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point: PostgreSQL cannot store it in text
const NOT_STORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface SystemIdentifier {
  system: string;
  value: string;
}

/** What the message says, checked: a value the database cannot keep is refused, never half-used. */
function checked(who: PatientDemographics): {
  identifiers: Array<{ system: string | null; value: string }>;
  givenNames: string[];
  familyName: string | null;
  birthDate: string | null;
} {
  const problems: FieldError[] = [];
  const text = (field: string, value: string, max: number): string => {
    const trimmed = value.trim();
    if (NOT_STORABLE_TEXT.test(trimmed)) {
      problems.push({ field, code: 'INVALID_CHARACTER', message: 'must be valid Unicode text without NUL characters.' });
    } else if (trimmed.length > max) {
      problems.push({ field, code: 'TOO_LONG', message: `must be at most ${max} characters.` });
    }
    return trimmed;
  };
  if (who.identifiers.length > MAX_IDENTIFIERS) {
    problems.push({ field: 'identifier', code: 'TOO_MANY', message: `at most ${MAX_IDENTIFIERS} identifiers identify one patient.` });
  }
  if (who.givenNames.length > MAX_GIVEN_NAMES) {
    problems.push({ field: 'name/given', code: 'TOO_MANY', message: `at most ${MAX_GIVEN_NAMES} given names.` });
  }
  const identifiers = who.identifiers.slice(0, MAX_IDENTIFIERS).map((identifier, index) => {
    const system = identifier.system === undefined ? '' : text(`identifier/${index}/system`, identifier.system, MAX_SYSTEM);
    return { system: system === '' ? null : system, value: text(`identifier/${index}/value`, identifier.value, MAX_VALUE) };
  });
  const givenNames = who.givenNames.slice(0, MAX_GIVEN_NAMES).map((name, index) => text(`name/given/${index}`, name, MAX_NAME));
  const familyName = who.familyName === undefined ? '' : text('name/family', who.familyName, MAX_NAME);
  const birthDate = who.birthDate === undefined || who.birthDate.trim() === '' ? null : who.birthDate.trim();
  if (birthDate !== null && !isIsoDate(birthDate)) {
    problems.push({ field: 'birthDate', code: 'INVALID_DATE', message: 'must be a calendar date, YYYY-MM-DD.' });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  return {
    identifiers: identifiers.filter((identifier) => identifier.value !== ''),
    givenNames: givenNames.filter((name) => name !== ''),
    familyName: familyName === '' ? null : familyName,
    birthDate,
  };
}

/** Kysely and its transactions alike: run `work` in a transaction, the caller's if there is one. */
async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Finds the patient a client's message is about, or says why it cannot: see the top of this file.
 * Writes (links proven by the program identifier, a new review) go through `db`: pass the
 * transaction of the message's own writes, or the database itself — a review must outlive a
 * message refused for needing one, so a caller that rolls back on "needs review" passes the database.
 */
/**
 * matchPatient for a message whose own writes are not begun yet (an NCPDP NewRx, a CDS Hooks call,
 * a FHIR $rems-etasu or QuestionnaireResponse): links and a review are written on their own, so a
 * review outlives the message refused for needing one.
 */
export function identifyPatient(services: Services, actor: ClientActor, who: PatientDemographics): Promise<PatientMatch> {
  return matchPatient(services.db, actor, who);
}

export async function matchPatient(db: Executor, actor: ClientActor, who: PatientDemographics): Promise<PatientMatch> {
  const message = checked(who);
  const { client } = actor;
  const programIds = [
    ...new Set(message.identifiers.filter((identifier) => identifier.system === PROGRAM_ID_SYSTEM).map((identifier) => normalizeProgramId(identifier.value))),
  ];
  const ownIdentifiers = uniqueIdentifiers(
    message.identifiers.filter((identifier): identifier is SystemIdentifier => identifier.system !== null && identifier.system !== PROGRAM_ID_SYSTEM),
  );

  if (programIds.length > 0) {
    // Two different program identifiers in one message name two people: nothing is guessed.
    if (programIds.length > 1) {
      return { kind: 'notFound' };
    }
    let query = db
      .selectFrom('patients')
      .select(['id', 'birth_date', 'prescriber_id'])
      .where('program_id', '=', programIds[0] as string);
    // A practice sees its own patients; a pharmacy any enrolled patient, with the birth date (§1.1).
    query = client.kind === 'practice' ? query.where('practice_id', '=', client.organizationId) : query;
    const patient = await query.executeTakeFirst();
    const birthDateAgrees = message.birthDate === null ? client.kind === 'practice' : patient?.birth_date === message.birthDate;
    if (patient === undefined || !birthDateAgrees) {
      return { kind: 'notFound' };
    }
    if (client.kind === 'practice' && ownIdentifiers.length > 0) {
      await inTransaction(db, (trx) =>
        linkIdentifiers(trx, actor, { organizationId: client.organizationId, clientId: client.id, patientId: patient.id, basis: 'programId' }, ownIdentifiers),
      );
    }
    return { kind: 'matched', patientId: patient.id };
  }
  if (client.kind !== 'practice') {
    return { kind: 'notFound' };
  }

  if (ownIdentifiers.length > 0) {
    const linked = await db
      .selectFrom('patient_links as l')
      .innerJoin('patients as p', 'p.id', 'l.patient_id')
      .select(['p.id', 'p.birth_date'])
      .where('l.organization_id', '=', client.organizationId)
      .where('p.practice_id', '=', client.organizationId)
      .where((eb) =>
        eb.or(ownIdentifiers.map((identifier) => eb.and([eb('l.identifier_system', '=', identifier.system), eb('l.identifier_value', '=', identifier.value)]))),
      )
      .execute();
    const patients = [...new Set(linked.map((row) => row.id))];
    if (patients.length > 1) {
      // Identifiers linked to two different patients: the message contradicts itself.
      return { kind: 'notFound' };
    }
    if (patients.length === 1) {
      // A birth date that disagrees with the record is another person, or an error: not this patient.
      return message.birthDate === null || linked[0]?.birth_date === message.birthDate
        ? { kind: 'matched', patientId: patients[0] as string }
        : { kind: 'notFound' };
    }
  }

  // Names and birth date: a candidate for the care team, never a link.
  if (message.birthDate === null || message.familyName === null || message.givenNames.length === 0) {
    return { kind: 'notFound' };
  }
  const born = await db
    .selectFrom('patients')
    .select(['id', 'given_name', 'family_name', 'prescriber_id'])
    .where('practice_id', '=', client.organizationId)
    .where('birth_date', '=', message.birthDate)
    .execute();
  const candidates = born.filter((row) => namesAgree(row, message.givenNames, message.familyName as string));
  if (candidates.length !== 1) {
    return { kind: 'notFound' };
  }
  const candidate = candidates[0] as (typeof candidates)[number];
  const identityKey = identityKeyOf(ownIdentifiers, message.givenNames, message.familyName, message.birthDate);
  return inTransaction(db, async (trx) => {
    // One review per client and identity, however many messages arrive at once.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`patient_match_review ${client.id} ${identityKey}`}))`.execute(trx);
    const earlier = await trx
      .selectFrom('patient_match_reviews as r')
      .leftJoin('patient_match_decisions as d', 'd.review_id', 'r.id')
      .select(['r.id', 'd.same'])
      .where('r.client_id', '=', client.id)
      .where('r.identity_key', '=', identityKey)
      .orderBy('r.received_at', 'desc')
      .executeTakeFirst();
    if (earlier !== undefined) {
      // Open: the same review. Decided "not the same": not this patient. Decided "same" without an
      // identifier to link: nothing identifies the next message either, so it is not matched.
      return earlier.same === null ? { kind: 'needsReview', reviewId: earlier.id } : { kind: 'notFound' };
    }
    const review = await trx
      .insertInto('patient_match_reviews')
      .values({
        client_id: client.id,
        organization_id: client.organizationId,
        identity_key: identityKey,
        identifiers: JSON.stringify(message.identifiers.map((identifier) => (identifier.system === null ? { value: identifier.value } : identifier))),
        given_names: JSON.stringify(message.givenNames),
        family_name: message.familyName,
        birth_date: message.birthDate as string,
        candidate_patient_id: candidate.id,
        received_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'patient_match.review_opened',
      patientId: candidate.id,
      entity: 'patient_match_review',
      entityId: review.id,
      outcome: 'ok',
      detail: { client: client.id },
    });
    // The review is a worklist item of the candidate's prescriber.
    await markWorklistStale(trx, candidate.id, candidate.prescriber_id);
    return { kind: 'needsReview', reviewId: review.id };
  });
}

function uniqueIdentifiers(identifiers: readonly SystemIdentifier[]): SystemIdentifier[] {
  const seen = new Map<string, SystemIdentifier>();
  for (const identifier of identifiers) {
    seen.set(`${identifier.system}|${identifier.value}`, { system: identifier.system, value: identifier.value });
  }
  return [...seen.values()];
}

/**
 * The same family name, and the same given names (all of them together, or the first one: "María"
 * for "María José"), compared as enrollment compares names. Enough for a candidate, never for a match.
 */
function namesAgree(row: { given_name: string; family_name: string }, givenNames: readonly string[], familyName: string): boolean {
  const words = (names: readonly string[]) =>
    names
      .flatMap((name) => name.split(/[\s-]+/))
      .map(comparableName)
      .filter((word) => word !== '');
  const [recorded, sent] = [words([row.given_name]), words(givenNames)];
  return comparableName(row.family_name) === comparableName(familyName) && sent.length > 0 && (recorded.join('') === sent.join('') || recorded[0] === sent[0]);
}

/** Which review a message belongs to: its first identifier (in a fixed order), or its names and birth date. */
function identityKeyOf(identifiers: readonly SystemIdentifier[], givenNames: readonly string[], familyName: string, birthDate: string): string {
  const first = identifiers.map((identifier) => `${identifier.system}|${identifier.value}`).sort()[0];
  return first === undefined ? `name|${givenNames.map(comparableName).join(' ')}|${comparableName(familyName)}|${birthDate}` : `identifier|${first}`;
}

/** Whose link it is: the organization whose systems use the identifiers, the client that sent them, the patient. */
export interface LinkTarget {
  organizationId: string;
  clientId: string;
  patientId: string;
  /** 'enrollment': the patient was created from the message that carried the identifiers ($submit). */
  basis: 'programId' | 'review' | 'enrollment';
}

/**
 * Links a practice's identifiers to its patient, with an audit row each. An identifier already
 * linked to this patient stays as it is; one linked to ANOTHER patient is left alone (a link is
 * never moved) and the conflict is audited. Returns the identifiers newly linked.
 */
export async function linkIdentifiers(db: Executor, by: Actor, target: LinkTarget, identifiers: readonly SystemIdentifier[]): Promise<SystemIdentifier[]> {
  if (identifiers.length === 0) {
    return [];
  }
  const matching = (eb: ExpressionBuilder<Database, 'patient_links'>) =>
    eb.or(identifiers.map((identifier) => eb.and([eb('identifier_system', '=', identifier.system), eb('identifier_value', '=', identifier.value)])));
  const inserted = await db
    .insertInto('patient_links')
    .values(
      identifiers.map((identifier) => ({
        organization_id: target.organizationId,
        identifier_system: identifier.system,
        identifier_value: identifier.value,
        patient_id: target.patientId,
        basis: target.basis,
        client_id: target.clientId,
        linked_by: by.userId,
      })),
    )
    .onConflict((conflict) => conflict.columns(['organization_id', 'identifier_system', 'identifier_value']).doNothing())
    .returning(['id', 'identifier_system', 'identifier_value'])
    .execute();
  for (const row of inserted) {
    await writeAudit(db, by, {
      action: 'patient_link.create',
      patientId: target.patientId,
      entity: 'patient_link',
      entityId: row.id,
      outcome: 'ok',
      detail: { basis: target.basis, client: target.clientId, system: row.identifier_system },
    });
  }
  if (inserted.length < identifiers.length) {
    const elsewhere = await db
      .selectFrom('patient_links')
      .select('identifier_system')
      .where('organization_id', '=', target.organizationId)
      .where('patient_id', '<>', target.patientId)
      .where(matching)
      .execute();
    if (elsewhere.length > 0) {
      await writeAudit(db, by, {
        action: 'patient_link.conflict',
        patientId: target.patientId,
        entity: 'patient_link',
        outcome: 'refused',
        detail: { basis: target.basis, client: target.clientId, linkedToAnotherPatient: elsewhere.map((row) => row.identifier_system) },
      });
    }
  }
  return inserted.map((row) => ({ system: row.identifier_system, value: row.identifier_value }));
}

/**
 * The identifiers of the Patient an EHR sent with an enrollment form, checked before anything is
 * written: those with a system (the EHR's MRN, a Medicare id), without the program identifier.
 * A value the database cannot keep refuses the enrollment (InvalidInputError), never half-links.
 */
export function enrollmentIdentifiers(identifiers: PatientDemographics['identifiers']): SystemIdentifier[] {
  const message = checked({ identifiers, givenNames: [] });
  return uniqueIdentifiers(
    message.identifiers.filter((identifier): identifier is SystemIdentifier => identifier.system !== null && identifier.system !== PROGRAM_ID_SYSTEM),
  );
}

/**
 * Links the identifiers an EHR sent with an enrollment to the patient just created from it, in the
 * enrollment's transaction (basis 'enrollment', one audit row each), so the EHR's next message
 * naming her by them alone finds her. An identifier the practice already linked to another patient
 * means the EHR's record is someone already enrolled: the enrollment is refused (ConflictError,
 * the transaction rolls back) instead of leaving two patients behind one chart.
 */
export async function linkEnrolledPatient(trx: Executor, actor: ClientActor, patientId: string, identifiers: readonly SystemIdentifier[]): Promise<void> {
  if (identifiers.length === 0) {
    return;
  }
  const { client } = actor;
  const taken = await trx
    .selectFrom('patient_links')
    .select(['identifier_system'])
    .where('organization_id', '=', client.organizationId)
    .where((eb) =>
      eb.or(identifiers.map((identifier) => eb.and([eb('identifier_system', '=', identifier.system), eb('identifier_value', '=', identifier.value)]))),
    )
    .execute();
  const refuse = (systems: readonly string[]) =>
    new ConflictError(
      `The EHR's identifier (${systems.join(', ')}) already names a patient of this practice: she is enrolled, nothing was recorded. Send her program identifier with the forms.`,
    );
  if (taken.length > 0) {
    throw refuse(taken.map((row) => row.identifier_system));
  }
  const linked = await linkIdentifiers(trx, actor, { organizationId: client.organizationId, clientId: client.id, patientId, basis: 'enrollment' }, identifiers);
  if (linked.length < identifiers.length) {
    // Linked meanwhile by a message committed after the check above (two enrollments of one chart at once).
    const missing = identifiers.filter((identifier) => !linked.some((done) => done.system === identifier.system && done.value === identifier.value));
    throw refuse(missing.map((identifier) => identifier.system));
  }
}
