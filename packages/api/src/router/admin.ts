import { z } from 'zod';
import { readAdminStats } from '../domain/admin.ts';
import { announce } from '../domain/announcements.ts';
import { ban, hide, setRole, unban } from '../domain/moderation.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

const userId = z.string().min(1).max(64);
const reason = z.string().trim().min(1, 'reason: say why, the person is told').max(300);

export const adminRouter = createTRPCRouter({
  stats: adminProcedure.query(({ ctx }) => readAdminStats(ctx.services)),
  announce: adminProcedure
    .input(z.object({ message: z.string().trim().min(1).max(1000) }))
    .mutation(({ ctx, input }) => announce(ctx.services, ctx.viewer, input.message)),
  setRole: adminProcedure
    .input(z.object({ userId, role: z.enum(['member', 'admin']) }))
    .mutation(({ ctx, input }) => setRole(ctx.services, ctx.viewer, input.userId, input.role)),
  ban: adminProcedure
    .input(z.object({ userId, reason }))
    .mutation(({ ctx, input }) => ban(ctx.services, ctx.viewer, input.userId, input.reason)),
  unban: adminProcedure
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => unban(ctx.services, ctx.viewer, input.userId)),
  hide: adminProcedure
    .input(z.object({ kind: z.enum(['post', 'comment']), id: z.string().min(1).max(64), reason }))
    .mutation(({ ctx, input }) => hide(ctx.services, ctx.viewer, input)),
});
