import { TRPCError, tracked } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { SubscriptionEnded, type ViewerState } from './subscriber.ts';
import type { LiveMessage, Topic } from './topics.ts';

export const lastEventId = z
  .string()
  .regex(/^\d{1,15}$/, 'lastEventId must be the id of an event this server sent')
  .nullish();

export const subscriptionInput = z.object({ lastEventId }).optional();

export function viewerState(ctx: Context): ViewerState {
  return {
    userId: ctx.viewer?.id ?? null,
    role: ctx.viewer?.role ?? null,
    sessionId: ctx.viewer?.sessionId ?? null,
    expiresAt: ctx.viewer?.expiresAt ?? null,
  };
}

/** The body of every `onChange`: each delivery the viewer may see, as `tracked(id, event)`. */
export async function* liveStream<T extends Topic>(
  ctx: Context,
  topics: readonly T[],
  after: string | null | undefined,
  signal: AbortSignal | undefined,
) {
  if (ctx.staleSession) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has expired. Log in again.' });
  }
  const deliveries = ctx.services.bus.subscribe({
    topics,
    viewer: viewerState(ctx),
    after: after ? Number(after) : null,
    ...(signal ? { signal } : {}),
  });
  try {
    for await (const delivery of deliveries) {
      yield tracked(String(delivery.id), delivery.event as LiveMessage<T>);
    }
  } catch (error) {
    if (error instanceof SubscriptionEnded) {
      // SERVICE_UNAVAILABLE is one of the codes httpSubscriptionLink retries: the client reconnects and resumes.
      throw new TRPCError({
        code: error.reason === 'session-ended' ? 'UNAUTHORIZED' : 'SERVICE_UNAVAILABLE',
        message: error.message,
      });
    }
    throw error;
  }
}
