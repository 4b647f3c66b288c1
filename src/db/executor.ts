// What a query runs on: the pool, or the transaction a use case opened. Every function in src/db
// takes one, so that a use case decides what goes in one transaction (src/services/context.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;
