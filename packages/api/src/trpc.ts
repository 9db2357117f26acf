import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context, Viewer } from './context.ts';
import { asDatabaseUnavailable } from './database-unavailable.ts';
import { AppError } from './errors.ts';
import { type Committed, runMutation } from './live/exactly-once.ts';

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export interface ProcedureMeta {
  /** Answers a session token for an email and password: never kept under an Idempotency-Key (see runMutation). */
  signsIn?: true;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: false,
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      client: { reconnectAfterInactivityMs: 25_000 },
    },
    errorFormatter({ shape, error }) {
      if (error.cause instanceof ZodError) {
        const fieldErrors = Object.fromEntries(
          error.cause.issues.map((i) => [i.path.join('.') || '(input)', i.message]),
        );
        return {
          ...shape,
          message: `Invalid input: ${describeZodError(error.cause)}`,
          data: { ...shape.data, fieldErrors },
        };
      }
      return shape;
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Writes with cookie credentials must come from the app's own pages: a foreign Origin is a cross-site request. */
const sameOriginWrites = t.middleware(({ ctx, type, next }) => {
  const origin = ctx.request.origin;
  if (type === 'mutation' && ctx.credentials !== 'bearer' && origin && origin !== ctx.request.ownOrigin) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `Requests from ${origin} may not change anything here. Use the app at ${ctx.request.ownOrigin}.`,
    });
  }
  return next();
});

/**
 * Domain code throws AppError; the client sees the same code and message as a tRPC error. A database that is
 * down or locked is SERVICE_UNAVAILABLE, whatever procedure met it.
 */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const unavailable = asDatabaseUnavailable(result.error);
  if (unavailable) return { ...result, error: unavailable };
  if (result.error.cause instanceof AppError) {
    const { code, message } = result.error.cause;
    return { ...result, error: new TRPCError({ code, message, cause: result.error.cause }) };
  }
  return result;
});

/**
 * Every mutation lands once per Idempotency-Key, and answers its result with `lastEventId`: the newest live event
 * of its commit that the caller receives (null when none), the same on a retry. `AppRouter` (root.ts) types it.
 */
const exactlyOnce = t.middleware(async ({ ctx, type, path, meta, getRawInput, next }) => {
  if (type !== 'mutation') return next();
  let marker: Awaited<ReturnType<typeof next>>['marker'] | undefined;
  // A procedure without input may get no body, which tRPC parses only if asked; a bad body fails in `.input()`.
  const input = await getRawInput().catch(() => undefined);
  const { value, eventId } = await runMutation(ctx, { path, input, signsIn: meta?.signsIn === true }, async () => {
    const result = await next();
    marker = result.marker;
    if (!result.ok) throw result.error;
    return result.data;
  });
  // A replayed result never ran the procedure; tRPC reads only `ok` and `data` from what a middleware returns.
  const data: Committed<object> = { ...(value as object), lastEventId: eventId };
  return { ok: true as const, data, marker: marker as NonNullable<typeof marker> };
});

export const publicProcedure = t.procedure.use(appErrors).use(sameOriginWrites).use(exactlyOnce);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: ctx.staleSession ? 'Your session has expired. Log in again.' : 'You need to log in to do that.',
    });
  }
  return next({ ctx: { viewer: ctx.viewer as Viewer } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.viewer.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only admins can do that.' });
  }
  return next();
});
