import { z } from 'zod';
import { listInbox, markRead } from '../domain/notifications.ts';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { authedProcedure, createTRPCRouter, publicProcedure } from '../trpc.ts';

const id = z.string().min(1).max(64);

export const notificationsRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listInbox(ctx.services, ctx.viewer)),
  markRead: authedProcedure
    .input(z.object({ ids: z.array(id).min(1).max(100) }))
    .mutation(({ ctx, input }) => markRead(ctx.services, ctx.viewer, input.ids)),
  // Every notification's audience is its owner alone, so a logged-out viewer simply receives nothing.
  onChange: publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, ['notifications'], input?.lastEventId, signal)),
});
