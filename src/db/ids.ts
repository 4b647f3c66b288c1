// Ids made by the app rather than by the database's gen_random_uuid(), so an insert can go with
// other writes without waiting for its RETURNING (services/patients/patientTransaction.ts).
import { randomBytes } from 'node:crypto';

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. New rows of a
 * table keyed by it land on the right edge of its primary-key index instead of on a random leaf,
 * so an insert dirties (and, after a checkpoint, writes to the WAL in full) one leaf page that the
 * previous inserts already touched, rather than a page of its own. It reveals when the row was made,
 * which the rows it keys (an authorization, with its requested date) state anyway.
 */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
