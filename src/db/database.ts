// The application's Kysely instance over a pg connection pool.

import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isMultiHostUrl, MultiHostPool } from './multiHost.js';
import type { Database } from './schema.js';

export interface CreateDatabaseOptions {
  /** Maximum pooled connections. Default 20. */
  max?: number;
  /**
   * Called when an idle pooled connection fails (e.g. PostgreSQL restarted). The pool discards the
   * connection; without a listener pg's 'error' event would crash the process. Default: console.error.
   */
  onIdleConnectionError?: (error: Error) => void;
  /**
   * Send parameterized statements as named prepared statements (prepareStatements below). Default:
   * DATABASE_PREPARED_STATEMENTS (preparedStatementsSetting below), true unless set to false — which it must be behind a
   * transaction-pooling PgBouncer older than 1.21 or without max_prepared_statements.
   */
  preparedStatements?: boolean;
}

/**
 * DATABASE_PREPARED_STATEMENTS: true (the default) or false. Read by createDatabase() for every
 * pool, the scripts' and the tests' included, and by config.ts for the server.
 */
export function preparedStatementsSetting(env: NodeJS.ProcessEnv): boolean {
  const value = env['DATABASE_PREPARED_STATEMENTS']?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  throw new Error(`DATABASE_PREPARED_STATEMENTS must be true or false, not "${env['DATABASE_PREPARED_STATEMENTS']}"`);
}

export function createDatabase(connectionString: string, options: CreateDatabaseOptions = {}): Kysely<Database> {
  const poolConfig = { max: options.max ?? 20, types: typeParsers, application_name: 'isocourse' };
  const onIdleConnectionError =
    options.onIdleConnectionError ??
    // Plain text on stderr: the pool is made before the server's logger (and for the scripts, which
    // have none), and a dropped connection's message quotes no data.
    ((error: Error) => {
      console.error(`isocourse: idle PostgreSQL connection failed: ${error.message}`);
    });
  const usePrepared = options.preparedStatements ?? preparedStatementsSetting(process.env);
  const setUp = (pool: pg.Pool): void => {
    pool.on('error', onIdleConnectionError);
    pool.on('connect', (client: pg.PoolClient) => {
      if (usePrepared) {
        prepareStatements(client);
      }
      // A connection that fails while checked out (its server died, or ended the session, between
      // two statements of a transaction) makes pg emit 'error' on the client, and pg-pool listens
      // only while it is idle: unheard, that event is an uncaught exception that ends the process.
      // Nothing more is needed here: the next query on it fails, and pg-pool discards it on release.
      client.on('error', () => {});
    });
  };
  // Several hosts (or target_session_attrs): one pool per host, connections go to the writable one.
  if (isMultiHostUrl(connectionString)) {
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new MultiHostPool(connectionString, poolConfig, setUp) }) });
  }
  const pool = new pg.Pool({ ...poolConfig, connectionString });
  setUp(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Distinct statements one connection keeps prepared; any beyond run unnamed, as pg does by default. */
export const MAX_PREPARED_STATEMENTS = 200;

/**
 * Makes this connection send each parameterized statement as a named prepared statement, so
 * PostgreSQL parses and plans it once per connection and afterwards only binds and executes it.
 * Kysely sends every query unnamed, which PostgreSQL parses, analyses and plans anew each time: for
 * the authorization's facts query (fourteen subqueries, patientFacts.ts) that alone cost about 2 ms
 * of database CPU per request, several times the cost of running it (bench/README.md). Statements
 * without parameters (BEGIN, COMMIT) are sent as before.
 *
 * A statement's name is a hash of its text, the same on every connection of every server: a name
 * never stands for two different statements. Behind a transaction-pooling PgBouncer without
 * prepared-statement support (Debian 12 ships 1.18; support came in 1.21 with max_prepared_statements)
 * a client's next transaction may run on another server connection; a name then fails loudly
 * ("prepared statement ... does not exist" or "already exists") rather than running a statement
 * another client prepared under a number (as "isocourse_N" names could). Such a deployment sets
 * DATABASE_PREPARED_STATEMENTS=false (README: Running several servers).
 *
 * A prepared statement outlives schema changes made while the pool is open: PostgreSQL re-plans it,
 * but a `select *` whose table gained a column then fails ("cached plan must not change result
 * type"). Migrations run before the pool is created (main.ts), so this does not arise here; behind
 * a transaction-mode connection pooler (PgBouncer < 1.21) prepared statements need that pooler's
 * support.
 */
export function prepareStatements(client: pg.Client): void {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]): unknown => {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      let name = names.get(text);
      if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) {
        name = `isocourse_${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`;
        names.set(text, name);
      }
      if (name !== undefined) {
        return query({ name, text, values });
      }
    }
    return query(...args);
  };
}

const DATE_OID = 1082;
const DATE_ARRAY_OID = 1182;
const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;

/**
 * pg's type parsing, changed for this pool only (pg.types.setTypeParser would change every client in
 * the process):
 * - date: the 'YYYY-MM-DD' text. pg's default makes a JS Date at local midnight, which shifts the
 *   calendar day whenever it is read in another time zone; program dates are calendar days.
 * - int8 (count(*), bigint columns): a number, throwing RangeError past Number.MAX_SAFE_INTEGER rather
 *   than returning a silently rounded number or a string typed as a number.
 * Arrays of both follow suit.
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      switch (oid) {
        case DATE_OID:
          return (value: string) => value;
        case DATE_ARRAY_OID:
          return (value: string) => parseUnquotedArray(value, (element) => element);
        case INT8_OID:
          return parseSafeInteger;
        case INT8_ARRAY_OID:
          return (value: string) => parseUnquotedArray(value, parseSafeInteger);
      }
    }
    // pg's own parser for every other type; its declared oid type is an enum of the built-in types.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- pg types the oid as an enum of the built-in types; an oid PostgreSQL sent is passed on as it came
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  }) as typeof pg.types.getTypeParser,
};

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} does not fit a JavaScript number exactly; cast it to text or numeric`);
  }
  return value;
}

type NestedArray<T> = Array<T | null | NestedArray<T>>;

/**
 * Parses PostgreSQL's text form of an array whose elements never need quoting, as is the case for
 * dates and integers: `{2024-01-31,NULL}`, `{{1,2},{3,4}}`, `[0:1]={1,2}`.
 */
export function parseUnquotedArray<T>(text: string, parseElement: (element: string) => T): NestedArray<T> {
  // A non-default lower bound is written as a "[l:u]=" prefix; JavaScript arrays start at 0 anyway.
  const body = text.startsWith('[') ? text.slice(text.indexOf('=') + 1) : text;
  let index = 0;

  const parseLevel = (): NestedArray<T> => {
    if (body[index] !== '{') {
      throw new SyntaxError(`malformed array literal: ${text}`);
    }
    index += 1;
    const items: NestedArray<T> = [];
    if (body[index] === '}') {
      index += 1;
      return items;
    }
    for (;;) {
      if (body[index] === '{') {
        items.push(parseLevel());
      } else {
        let end = index;
        while (end < body.length && body[end] !== ',' && body[end] !== '}') {
          end += 1;
        }
        const element = body.slice(index, end);
        if (element === '' || element.startsWith('"')) {
          throw new SyntaxError(`malformed array literal: ${text}`);
        }
        items.push(element === 'NULL' ? null : parseElement(element));
        index = end;
      }
      const separator = body[index];
      index += 1;
      if (separator === '}') {
        return items;
      }
      if (separator !== ',') {
        throw new SyntaxError(`malformed array literal: ${text}`);
      }
    }
  };

  const result = parseLevel();
  if (index !== body.length) {
    throw new SyntaxError(`malformed array literal: ${text}`);
  }
  return result;
}
