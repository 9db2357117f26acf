import { z } from 'zod';
import { lastEventId, liveStream } from '../live/stream.ts';
import { TOPICS } from '../live/topics.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

export const liveRouter = createTRPCRouter({
  /** Every topic a screen shows, over one connection: browsers allow only a few per host. */
  onChange: publicProcedure
    .input(z.object({ topics: z.array(z.enum(TOPICS)).min(1).max(TOPICS.length), lastEventId }))
    .subscription(({ ctx, input, signal }) => liveStream(ctx, [...new Set(input.topics)], input.lastEventId, signal)),
});
