import { z } from 'zod';
import { lastEventId, liveStream } from '../live/stream.ts';
import { TOPICS } from '../live/topics.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

/** Names the browser whose tabs share this stream: its newer stream replaces the older (see connectionOwner). */
const browser = z.string().min(1).max(64).optional();

export const liveRouter = createTRPCRouter({
  /** Every topic a screen shows, over one connection: browsers allow only a few per host. */
  onChange: publicProcedure
    .input(z.object({ topics: z.array(z.enum(TOPICS)).min(1).max(TOPICS.length), lastEventId, browser }))
    .subscription(({ ctx, input, signal }) => liveStream(ctx, [...new Set(input.topics)], input.lastEventId, signal)),
});
