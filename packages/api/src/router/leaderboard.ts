import { z } from 'zod';
import { topOfLeaderboard } from '../domain/leaderboard.ts';
import { publicProcedure } from '../trpc.ts';
import { listLimit, topicRouter } from './topic-router.ts';

export const leaderboardRouter = topicRouter('leaderboard', {
  top: publicProcedure
    .input(z.object({ limit: listLimit('leaderboard') }).prefault({}))
    .query(({ ctx, input }) => topOfLeaderboard(ctx.services, input.limit)),
});
