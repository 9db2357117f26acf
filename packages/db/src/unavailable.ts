// What a database says when it is down, restarting, stalled or locked by someone else, as opposed to a bug
// or bad data: the request may succeed if the client tries again in a moment.

/** SQLSTATEs of a server that is shutting down, starting up, out of connections or cut off. */
const POSTGRES_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up
  '57014', // query_canceled: the statement timeout fired
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
]);

/** Socket failures on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The pg client's own errors carry no code, only these messages. */
const PG_CLIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Client was closed and is not queryable',
];

function isUnavailableItself(error: { code?: unknown; message?: unknown }): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') return true;
  if (POSTGRES_UNAVAILABLE.has(code) || code.startsWith('08')) return true;
  if (NETWORK_CODES.has(code)) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return code === '' && PG_CLIENT_MESSAGES.some((known) => message.includes(known));
}

/** Whether `error` (or what caused it) means the database cannot be reached or used right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && typeof cause === 'object' && depth < 8; depth++) {
    if (isUnavailableItself(cause)) return true;
    if (cause instanceof AggregateError && cause.errors.some(isDatabaseUnavailable)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
