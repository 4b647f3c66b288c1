// The HTTP server's time-outs and caps (app.ts); config.ts reads them from the environment.

/** What a connection may cost the server: every slow or silent client is cut off in bounded time. */
export interface HttpLimits {
  /** A request's headers must arrive within this (HTTP_HEADERS_TIMEOUT_SECONDS). */
  headersTimeoutMs: number;
  /** A whole request, headers and body, must arrive within this (HTTP_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
  /** A connection on which nothing moves is closed after this (HTTP_IDLE_TIMEOUT_SECONDS). */
  idleTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_SECONDS). */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are refused (HTTP_MAX_CONNECTIONS). */
  maxConnections: number;
  /** Requests one connection may carry before it is closed (HTTP_MAX_REQUESTS_PER_SOCKET). */
  maxRequestsPerSocket: number;
  /** How often time-outs are checked (Node's connectionsCheckingInterval); tests shorten it. */
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxRequestsPerSocket: 1_000,
  checkIntervalMs: 1_000,
};
