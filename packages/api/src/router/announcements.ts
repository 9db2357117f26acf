import { listRecentAnnouncements } from '../domain/announcements.ts';
import { publicProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

/** Reading and following announcements; making one is `admin.announce`. */
export const announcementsRouter = topicRouter('announcements', {
  list: publicProcedure.query(({ ctx }) => listRecentAnnouncements(ctx.services)),
});
