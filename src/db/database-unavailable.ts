/**
 * Recognises failures that mean "the database cannot be reached right now" rather than "this
 * request is wrong" or "our code is wrong": the socket was refused or cut, Postgres is shutting
 * down or starting up, or the pool could not get a connection in time. Each surface answers
 * these with 503, so that load balancers and IdPs retry later instead of treating them as faults
 * of the request (RFC 9110 §15.6.4).
 */
// TODO(db-timeouts): a database that stops answering without closing its sockets (a network
// partition) still holds a request until the OS gives up on the TCP connection. A pool-wide
// statement_timeout would also cut migrations and audit exports; a per-request deadline that
// cancels its query belongs in the request layer, and is not built yet.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATE codes of a server going away or refusing connections (Postgres appendix A). */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: a fast or immediate stop ended the session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** Messages of node-postgres for a connection it lost or could not open in time. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
];

/**
 * TypeORM releases a transaction's query runner when its connection emits 'error' (the socket
 * was cut); the transaction's next statement, or its COMMIT, then fails with one of these
 * instead of the network error, which went to the pool's error handler.
 */
const RELEASED_BY_CONNECTION_LOSS = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'QueryRunnerAlreadyReleasedError',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; name?: unknown };
  if (e.driverError !== undefined && isDatabaseUnavailable(e.driverError)) return true;
  if (typeof e.name === 'string' && RELEASED_BY_CONNECTION_LOSS.has(e.name)) return true;

  const code = typeof e.code === 'string' ? e.code : '';
  // SQLSTATE class 08 is "connection exception".
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) {
    return true;
  }
  const message = typeof e.message === 'string' ? e.message : '';
  return DRIVER_MESSAGES.some((m) => message.startsWith(m));
}
