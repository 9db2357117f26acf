import { createTRPCRouter } from '../trpc.ts';

export const leaderboardRouter = createTRPCRouter({});
