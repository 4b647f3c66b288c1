// Reads of the patient match reviews (migrations/0016_patient_links.sql): the open ones — those
// without a decision — as the worklist and the review list show them.
import { sql } from 'kysely';
import type { IdentityMatchReview } from '../domain/worklist.js';
import type { Executor } from './executor.js';

export interface OpenMatchReview extends IdentityMatchReview {
  patientId: string;
  prescriberId: string;
}

/** The open reviews of one patient, of a batch (the worklist refresh), or of every patient of one prescriber, oldest first. */
export async function openMatchReviews(
  db: Executor,
  of: { patientId: string } | { patientIds: readonly string[] } | { prescriberId: string },
): Promise<OpenMatchReview[]> {
  let query = db
    .selectFrom('patient_match_reviews as r')
    .innerJoin('patients as p', 'p.id', 'r.candidate_patient_id')
    .innerJoin('interop_clients as c', 'c.id', 'r.client_id')
    .leftJoin('patient_match_decisions as d', 'd.review_id', 'r.id')
    .select([
      'r.id',
      'r.identifiers',
      'r.given_names',
      'r.family_name',
      'r.birth_date',
      'r.received_at',
      'c.name as client_name',
      'p.id as patient_id',
      'p.prescriber_id',
      'p.given_name',
      'p.family_name as record_family_name',
      'p.birth_date as record_birth_date',
      'p.program_id',
    ])
    .where('d.id', 'is', null)
    .orderBy('r.received_at')
    .orderBy('r.id');
  query =
    'patientId' in of
      ? query.where('p.id', '=', of.patientId)
      : 'patientIds' in of
        ? query.where('p.id', '=', sql<string>`any(${[...of.patientIds]}::uuid[])`)
        : query.where('p.prescriber_id', '=', of.prescriberId);
  const rows = await query.execute();
  return rows.map((row) => ({
    reviewId: row.id,
    patientId: row.patient_id,
    prescriberId: row.prescriber_id,
    clientName: row.client_name,
    receivedAt: row.received_at.toISOString(),
    sent: {
      identifiers: row.identifiers as IdentityMatchReview['sent']['identifiers'],
      givenNames: row.given_names as string[],
      familyName: row.family_name,
      birthDate: row.birth_date,
    },
    record: { givenName: row.given_name, familyName: row.record_family_name, birthDate: row.record_birth_date, programId: row.program_id },
  }));
}
