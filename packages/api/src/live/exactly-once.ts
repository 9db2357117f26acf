import type { WriteOutcome } from '@adopt/live/idempotency';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context.ts';
import { login } from '../domain/auth.ts';
import { type Audience, canSee } from './audience.ts';

/**
 * A mutation's answer: its result and the newest live event of its commit that the caller's stream receives, or
 * null when it changed nothing the caller sees. A client whose stream has passed `lastEventId` sees its own write
 * there.
 */
export type Committed<T> = T & { lastEventId: string | null };

/**
 * Runs one mutation exactly once per Idempotency-Key (bound to the viewer). The outcome knows the live event its
 * commit produced, also when it is a stored result answered again.
 */
export async function runMutation(
  ctx: Context,
  { path, input, signsIn }: { path: string; input: unknown; signsIn: boolean },
  mutate: () => Promise<unknown>,
): Promise<WriteOutcome<unknown>> {
  const { idempotencyKey: key, operations = 1 } = ctx.request;
  if (key !== undefined && operations > 1) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Idempotency-Key: a request with a key must carry one mutation, this one carries ${operations} operations. Send each keyed mutation in a request of its own.`,
    });
  }
  const owner = ctx.viewer?.id ?? '';
  const rights = { userId: ctx.viewer?.id ?? null, role: ctx.viewer?.role ?? null };
  const sees = (audience: unknown) => canSee(audience as Audience, rights);
  if (!signsIn) return ctx.services.writes.run({ key, owner, request: { path, input }, sees }, mutate);
  // A session token must not sit in the key table, nor a password's hash in its fingerprint: a retry of a sign-up
  // or log-in whose key is stored logs in again, checking the password as any log-in does, with a new session.
  const { password, ...rest } = (input ?? {}) as { email?: unknown; password?: unknown };
  const answerAgain = () => login(ctx, { email: String(rest.email), password: String(password) });
  return ctx.services.writes.run({ key, owner, request: { path, input: rest }, answerAgain, sees }, mutate);
}
