import { createTRPCRouter } from '../trpc.ts';

export const jobsRouter = createTRPCRouter({});
