import { createTRPCRouter } from '../trpc.ts';

export const adminRouter = createTRPCRouter({});
