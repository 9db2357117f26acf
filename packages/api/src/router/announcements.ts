import { createTRPCRouter } from '../trpc.ts';

export const announcementsRouter = createTRPCRouter({});
