import { createTRPCRouter } from '../trpc.ts';

export const streetsRouter = createTRPCRouter({});
