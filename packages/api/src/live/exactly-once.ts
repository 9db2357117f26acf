import type { WriteOutcome } from '@adopt/live/idempotency';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context.ts';

/**
 * Runs one mutation exactly once per Idempotency-Key (bound to the viewer). The outcome knows the live event its
 * commit produced; results do not carry it yet (the contract compares results with live records field by field).
 */
export async function runMutation(
  ctx: Context,
  request: { path: string; input: unknown },
  mutate: () => Promise<unknown>,
): Promise<WriteOutcome<unknown>> {
  const { idempotencyKey: key, operations = 1 } = ctx.request;
  if (key !== undefined && operations > 1) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Idempotency-Key: a request with a key must carry one mutation, this one carries ${operations} operations. Send each keyed mutation in a request of its own.`,
    });
  }
  return ctx.services.writes.run({ key, owner: ctx.viewer?.id ?? '', request }, mutate);
}
