import { z } from 'zod';
import { readAdminStats } from '../domain/admin.ts';
import { announce } from '../domain/announcements.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

export const adminRouter = createTRPCRouter({
  stats: adminProcedure.query(({ ctx }) => readAdminStats(ctx.services)),
  announce: adminProcedure
    .input(z.object({ message: z.string().trim().min(1).max(1000) }))
    .mutation(({ ctx, input }) => announce(ctx.services, ctx.viewer, input.message)),
});
