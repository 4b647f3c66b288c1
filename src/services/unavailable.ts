// Whether an error means the database could not be reached or lost the connection (its server
// stopped, a failover is under way, no listed host accepts writes), as opposed to a refusal of the
// statement itself. The API answers these 503 with Retry-After rather than 500. Beside the typed
// errors (errors.ts), as the other way a use case can end: it could not run now, try again.

/** SQLSTATEs of a server that is going away or cannot serve writes on this connection. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is shutting down (a fast stop, a standby being restarted)
  '57P02', // crash_shutdown: another server process crashed, or the postmaster died
  '57P03', // cannot_connect_now: starting up, or shutting down
  '25006', // read_only_sql_transaction: this connection reached a standby
]);

/** Node socket errors of a connection that was refused, reset or timed out. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** pg and pg-pool report a lost or timed-out connection with no code, only these messages. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  if (error.name === 'NoWritableServerError') {
    return true;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Class 08: connection exception.
    if (code.startsWith('08') && code.length === 5) {
      return true;
    }
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) {
      return true;
    }
  }
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}
