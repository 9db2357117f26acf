import { z } from 'zod';
import { topOfLeaderboard } from '../domain/leaderboard.ts';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

export const leaderboardRouter = createTRPCRouter({
  top: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(10) }).default({ limit: 10 }))
    .query(({ ctx, input }) => topOfLeaderboard(ctx.services, input.limit)),
  onChange: publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, ['leaderboard'], input?.lastEventId, signal)),
});
