import { createTRPCRouter } from '../trpc.ts';

export const rewardsRouter = createTRPCRouter({});
