import { TRPCError, type TrackedEnvelope, tracked } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { asDatabaseUnavailable } from '../database-unavailable.ts';
import type { EventBus, SubscribeOptions } from './event-bus.ts';
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

const LIVE_SUBSCRIPTION = Symbol('live subscription');

/** What a transport needs to attach a subscriber to the bus itself instead of iterating the stream. */
export interface LiveSubscription {
  bus: EventBus;
  options: Omit<SubscribeOptions, 'signal'>;
}

/**
 * What every `onChange` returns: each delivery the viewer may see, as `tracked(id, event)`. It also
 * carries its bus subscription, so the HTTP server can write deliveries straight to the response.
 */
export interface LiveStream<T extends Topic> extends AsyncIterable<TrackedEnvelope<LiveMessage<T>>, void, unknown> {
  readonly [LIVE_SUBSCRIPTION]: LiveSubscription;
}

/** The bus subscription behind a subscription's result, or null when it is not a live stream. */
export function liveSubscriptionOf(value: unknown): LiveSubscription | null {
  return typeof value === 'object' && value !== null && LIVE_SUBSCRIPTION in value
    ? (value as LiveStream<Topic>)[LIVE_SUBSCRIPTION]
    : null;
}

/** The error a client sees when the server ends its stream; SubscriptionEnded says whether to resume. */
export function endedStreamError(error: unknown): unknown {
  if (!(error instanceof SubscriptionEnded)) return asDatabaseUnavailable(error) ?? error;
  // SERVICE_UNAVAILABLE is one of the codes httpSubscriptionLink retries: the client reconnects and resumes.
  return new TRPCError({
    code: error.reason === 'session-ended' ? 'UNAUTHORIZED' : 'SERVICE_UNAVAILABLE',
    message: error.message,
  });
}

export function liveStream<T extends Topic>(
  ctx: Context,
  topics: readonly T[],
  after: string | null | undefined,
  signal: AbortSignal | undefined,
): LiveStream<T> {
  if (ctx.staleSession) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has expired. Log in again.' });
  }
  const subscription: LiveSubscription = {
    bus: ctx.services.bus,
    options: { topics, viewer: viewerState(ctx), after: after ? Number(after) : null },
  };
  return {
    [LIVE_SUBSCRIPTION]: subscription,
    [Symbol.asyncIterator]: () => trackedDeliveries<T>(subscription, signal),
  };
}

async function* trackedDeliveries<T extends Topic>(
  { bus, options }: LiveSubscription,
  signal: AbortSignal | undefined,
) {
  try {
    for await (const delivery of bus.subscribe({ ...options, ...(signal ? { signal } : {}) })) {
      yield tracked(String(delivery.id), delivery.event as LiveMessage<T>);
    }
  } catch (error) {
    throw endedStreamError(error);
  }
}
