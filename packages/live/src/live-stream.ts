import { TRPCError, type TrackedEnvelope, tracked } from '@trpc/server';
import type { EventBus, SubscribeOptions } from './event-bus.ts';
import { type DeliverySink, type Subscription, SubscriptionEnded, type ViewerState } from './subscription.ts';

/** The error a client sees when the server ends its stream; SubscriptionEnded says whether to resume. */
export function endedStreamError(error: unknown): unknown {
  if (!(error instanceof SubscriptionEnded)) return error;
  // SERVICE_UNAVAILABLE is one of the codes httpSubscriptionLink retries: the client reconnects and resumes.
  return new TRPCError({
    code: error.reason === 'session-ended' ? 'UNAUTHORIZED' : 'SERVICE_UNAVAILABLE',
    message: error.message,
  });
}

/**
 * What a live `onChange` procedure returns. Iterated (tRPC's own SSE path, in-process callers), it yields
 * each delivery as `tracked(id, event)`; a transport that writes frames itself calls `attach` instead and
 * the bus feeds its sink directly.
 */
export class LiveStream<E, V extends ViewerState = ViewerState>
  implements AsyncIterable<TrackedEnvelope<E>, void, unknown>
{
  constructor(
    private readonly bus: EventBus<V, any>,
    private readonly options: Omit<SubscribeOptions<V>, 'signal'>,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Attaches `sink` to the bus with this stream's topics, viewer and resume point. */
  attach(sink: DeliverySink): Subscription<V> {
    return this.bus.attach(this.options, sink);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TrackedEnvelope<E>, void, unknown> {
    try {
      const { signal } = this;
      for await (const delivery of this.bus.subscribe({ ...this.options, ...(signal ? { signal } : {}) })) {
        yield tracked(String(delivery.id), delivery.event as E);
      }
    } catch (error) {
      throw endedStreamError(error);
    }
  }
}
