import { z } from 'zod';
import { listInbox, markRead } from '../domain/notifications.ts';
import { authedProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

const id = z.string().min(1).max(64);

export const notificationsRouter = topicRouter('notifications', {
  list: authedProcedure.query(({ ctx }) => listInbox(ctx.services, ctx.viewer)),
  markRead: authedProcedure
    .input(z.object({ ids: z.array(id).min(1).max(100) }))
    .mutation(({ ctx, input }) => markRead(ctx.services, ctx.viewer, input.ids)),
});
