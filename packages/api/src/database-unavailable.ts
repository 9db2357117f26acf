import { isDatabaseUnavailable } from '@adopt/db';
import { TRPCError } from '@trpc/server';

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable. Try again in a moment.';

/**
 * The error a client gets when the database is down, restarting, stalled or locked: a code clients retry and
 * a message that names no host, address or SQL. The database's own error stays as the cause, for the log.
 * Null when `error` is something else.
 */
export function asDatabaseUnavailable(error: unknown): TRPCError | null {
  if (error instanceof TRPCError && error.code === 'SERVICE_UNAVAILABLE') return error;
  if (!isDatabaseUnavailable(error)) return null;
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, cause });
}
