// DATABASE_URL with several hosts, as libpq takes it:
//   postgres://user:password@db1:5432,db2:5432/isocourse?target_session_attrs=read-write
// The application connects to the first host that answers and (with target_session_attrs=read-write)
// accepts writes, so after a standby is promoted new connections find it by themselves.
//
// node-postgres does not do this: its URL parser (pg-connection-string 2.x) hands the URL to the WHATWG
// URL class, which rejects a host list, and a pg.Client connects to one host once. So this module
// parses the list itself and keeps one ordinary pg.Pool per host; MultiHostPool.connect() asks the
// host that last gave a writable connection first, then the others in the order given. A single-host
// URL without target_session_attrs never comes here: it goes to pg exactly as before.
//
// After a failover the connections to the dead primary fail (pg-pool drops a connection whose socket
// closed, or that was released after an error), and the next connect() moves on to the new primary.

import pg from 'pg';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** libpq's target_session_attrs values that make sense for a server that writes. */
export type TargetSessionAttrs = 'any' | 'read-write' | 'primary';

export interface ParsedConnectionUrl {
  readonly hosts: readonly HostPort[];
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
  readonly targetSessionAttrs: TargetSessionAttrs;
  /** The other query parameters (sslmode, application_name, …), passed on to each host's connection. */
  readonly params: ReadonlyArray<readonly [string, string]>;
  /** connect_timeout in milliseconds (libpq's parameter is in seconds). */
  readonly connectTimeoutMillis: number;
}

const DEFAULT_PORT = 5432;
/**
 * How long one host may take to accept a connection before the next is tried, when the URL sets no
 * connect_timeout. libpq waits forever by default; a primary that vanished from the network (no
 * refusal, just silence) would then hold up every new connection, so a multi-host URL gets a bound.
 */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

/** True when the URL lists several hosts or asks for a target_session_attrs: MultiHostPool's business. */
export function isMultiHostUrl(connectionString: string): boolean {
  const authority = splitUrl(connectionString)?.hostList ?? '';
  return authority.includes(',') || /[?&]target_session_attrs=/.test(connectionString);
}

/** Parses a postgres:// or postgresql:// URL with one or more hosts. Throws on anything else. */
export function parseConnectionUrl(connectionString: string): ParsedConnectionUrl {
  const parts = splitUrl(connectionString);
  if (parts === undefined) {
    throw new Error('the database URL is not of the form postgres://user:password@host:port[,host:port…]/database[?parameters]');
  }
  let user: string | undefined;
  let password: string | undefined;
  if (parts.userInfo !== undefined) {
    const colon = parts.userInfo.indexOf(':');
    user = decode(colon < 0 ? parts.userInfo : parts.userInfo.slice(0, colon), 'user name');
    password = colon < 0 ? undefined : decode(parts.userInfo.slice(colon + 1), 'password');
  }
  const hosts = parts.hostList.split(',').map(parseHostPort);
  const database = parts.path === '' || parts.path === '/' ? undefined : decode(parts.path.slice(1), 'database name');

  let targetSessionAttrs: TargetSessionAttrs = 'any';
  let connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_SECONDS * 1000;
  const params: Array<[string, string]> = [];
  for (const [key, value] of new URLSearchParams(parts.query)) {
    if (key === 'target_session_attrs') {
      if (value !== 'any' && value !== 'read-write' && value !== 'primary') {
        throw new Error(`target_session_attrs=${value} is not supported: isocourse writes, so use read-write (or primary, or any)`);
      }
      targetSessionAttrs = value;
    } else if (key === 'connect_timeout') {
      const seconds = Number(value);
      if (!Number.isInteger(seconds) || seconds < 0) {
        throw new Error(`connect_timeout=${value} is not a whole number of seconds`);
      }
      // libpq: 0 means wait forever; pg's connectionTimeoutMillis 0 means the same.
      connectTimeoutMillis = seconds * 1000;
    } else if (key === 'host' || key === 'hostaddr' || key === 'port') {
      throw new Error(`give the hosts in the URL's host list (h1:p1,h2:p2), not as the ${key} parameter`);
    } else {
      params.push([key, value]);
    }
  }
  return { hosts, user, password, database, targetSessionAttrs, params, connectTimeoutMillis };
}

/** A single-host URL for hosts[index], with the same credentials, database and parameters, for pg. */
export function hostConnectionString(parsed: ParsedConnectionUrl, index: number): string {
  const { host, port } = parsed.hosts[index] as HostPort;
  const userInfo =
    parsed.user === undefined ? '' : `${encodeURIComponent(parsed.user)}${parsed.password === undefined ? '' : `:${encodeURIComponent(parsed.password)}`}@`;
  const query = new URLSearchParams(parsed.params.map(([key, value]) => [key, value])).toString();
  return `postgresql://${userInfo}${formatHostPort({ host, port })}/${encodeURIComponent(parsed.database ?? '')}${query === '' ? '' : `?${query}`}`;
}

export function formatHostPort({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Why this connection does not suit target_session_attrs, or undefined when it does. read-write asks
 * the server whether this session may write (a hot standby says transaction_read_only = on); primary
 * asks whether the server is in recovery, as libpq does.
 */
export async function unsuitableSession(client: pg.ClientBase, attrs: TargetSessionAttrs): Promise<string | undefined> {
  if (attrs === 'read-write') {
    const result = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    return result.rows[0]?.transaction_read_only === 'off' ? undefined : 'read-only (a standby?)';
  }
  if (attrs === 'primary') {
    const result = await client.query<{ in_recovery: boolean }>('SELECT pg_is_in_recovery() AS in_recovery');
    return result.rows[0]?.in_recovery === false ? undefined : 'in recovery (a standby)';
  }
  return undefined;
}

class UnsuitableHostError extends Error {
  override name = 'UnsuitableHostError';
}

/** No listed host answered, or none accepts writes: during a failover, until a standby is promoted. */
export class NoWritableServerError extends Error {
  override name = 'NoWritableServerError';
}

/**
 * A pool over the hosts of a multi-host URL, with the interface Kysely's PostgresDialect uses
 * (connect, end). Each host has its own pg.Pool (`setUp` adds listeners to each); a new connection
 * is checked against target_session_attrs before anyone uses it.
 */
export class MultiHostPool {
  readonly #parsed: ParsedConnectionUrl;
  readonly #pools: pg.Pool[];
  /** The host whose pool last handed out a connection: asked first next time. */
  #preferred = 0;

  constructor(connectionString: string, config: Omit<pg.PoolConfig, 'connectionString'>, setUp: (pool: pg.Pool) => void = () => {}) {
    this.#parsed = parseConnectionUrl(connectionString);
    const attrs = this.#parsed.targetSessionAttrs;
    const connectTimeoutMillis = this.#parsed.connectTimeoutMillis;
    // The Pool's own connectionTimeoutMillis would also bound the wait for a busy pool's free
    // connection, which is not what connect_timeout means: the bound goes on each connection instead.
    class TimedClient extends pg.Client {
      constructor(clientConfig?: pg.ClientConfig) {
        super({ ...clientConfig, connectionTimeoutMillis: connectTimeoutMillis });
      }
    }
    this.#pools = this.#parsed.hosts.map((_, index) => {
      const pool = new pg.Pool({
        ...config,
        connectionString: hostConnectionString(this.#parsed, index),
        Client: TimedClient,
        // A host that vanished without closing its connections is noticed by TCP keepalives.
        keepAlive: true,
        verify: (client, done) => {
          unsuitableSession(client, attrs).then(
            (problem) => {
              done(problem === undefined ? undefined : new UnsuitableHostError(problem));
            },
            (error: unknown) => {
              done(error instanceof Error ? error : new Error(String(error)));
            },
          );
        },
      });
      setUp(pool);
      return pool;
    });
  }

  async connect(): Promise<pg.PoolClient> {
    const count = this.#pools.length;
    const problems: string[] = [];
    for (let step = 0; step < count; step += 1) {
      const index = (this.#preferred + step) % count;
      try {
        const client = await (this.#pools[index] as pg.Pool).connect();
        this.#preferred = index;
        return client;
      } catch (error) {
        problems.push(`${formatHostPort(this.#parsed.hosts[index] as HostPort)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw new NoWritableServerError(`no PostgreSQL server fit for writing (target_session_attrs=${this.#parsed.targetSessionAttrs}): ${problems.join('; ')}`);
  }

  async end(): Promise<void> {
    await Promise.all(this.#pools.map((pool) => pool.end()));
  }
}

/**
 * A connected pg.Client for a one-off job (migrations, backup, restore): for a multi-host URL, on
 * the first host that answers and suits target_session_attrs; otherwise exactly pg's own.
 */
export async function connectClient(connectionString: string, config: Omit<pg.ClientConfig, 'connectionString'> = {}): Promise<pg.Client> {
  if (!isMultiHostUrl(connectionString)) {
    const client = new pg.Client({ ...config, connectionString });
    await client.connect();
    return client;
  }
  const parsed = parseConnectionUrl(connectionString);
  const problems: string[] = [];
  for (let index = 0; index < parsed.hosts.length; index += 1) {
    const client = new pg.Client({
      ...config,
      connectionString: hostConnectionString(parsed, index),
      connectionTimeoutMillis: parsed.connectTimeoutMillis,
    });
    try {
      await client.connect();
      const problem = await unsuitableSession(client, parsed.targetSessionAttrs);
      if (problem === undefined) {
        return client;
      }
      problems.push(`${formatHostPort(parsed.hosts[index] as HostPort)}: ${problem}`);
    } catch (error) {
      problems.push(`${formatHostPort(parsed.hosts[index] as HostPort)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await client.end().catch(() => {});
  }
  throw new NoWritableServerError(`no PostgreSQL server fit for writing (target_session_attrs=${parsed.targetSessionAttrs}): ${problems.join('; ')}`);
}

interface UrlParts {
  userInfo: string | undefined;
  hostList: string;
  path: string;
  query: string;
}

function splitUrl(connectionString: string): UrlParts | undefined {
  const match = /^postgres(?:ql)?:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/.exec(connectionString);
  if (match === null) {
    return undefined;
  }
  const authority = match[1] as string;
  // The user info ends at the last '@': a password may hold an unencoded '@' in practice.
  const at = authority.lastIndexOf('@');
  return {
    userInfo: at < 0 ? undefined : authority.slice(0, at),
    hostList: at < 0 ? authority : authority.slice(at + 1),
    path: match[2] as string,
    query: match[3] ?? '',
  };
}

function parseHostPort(text: string): HostPort {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    // IPv6 literal: [::1] or [::1]:5433
    const close = text.indexOf(']');
    if (close < 0) {
      throw new Error(`unclosed [ in the database host "${text}"`);
    }
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) {
      throw new Error(`unexpected "${rest}" after the database host [${host}]`);
    }
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  host = decode(host, 'host');
  if (host === '') {
    throw new Error('a database host in the URL is empty (Unix sockets need a single-host URL)');
  }
  if (portText === undefined || portText === '') {
    return { host, port: DEFAULT_PORT };
  }
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) {
    throw new Error(`database port "${portText}" is not a port number`);
  }
  return { host, port };
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error(`the database URL's ${what} has a malformed %-escape`);
  }
}
