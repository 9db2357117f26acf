import { listRecentAnnouncements } from '../domain/announcements.ts';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

/** Reading and following announcements; making one is `admin.announce`. */
export const announcementsRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listRecentAnnouncements(ctx.services)),
  onChange: publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, ['announcements'], input?.lastEventId, signal)),
});
