import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { type Topic, topicDefinition } from '../topics/index.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

/**
 * A topic's router: its own queries and mutations plus the `onChange` every topic has. Public: each
 * event's audience decides who receives it, so a logged-out viewer of a private topic receives nothing.
 */
export function topicRouter<T extends Topic, P extends TRPCRouterRecord>(topic: T, procedures: P) {
  const onChange = publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, [topic], input?.lastEventId, signal));
  return createTRPCRouter({ ...procedures, onChange });
}

/** The `limit` input of a topic's list, bounded as its definition says. */
export function listLimit(topic: Topic) {
  const bounds = topicDefinition(topic).limit;
  if (!bounds) throw new Error(`The ${topic} list takes no limit`);
  return z.number().int().min(1).max(bounds.max).default(bounds.default);
}
