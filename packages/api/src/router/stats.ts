import { z } from 'zod';
import { listInstances } from '../domain/stats/instances.ts';
import { watchStats } from '../domain/stats/watch.ts';
import { adminProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

export const statsRouter = topicRouter('stats', {
  instances: adminProcedure.query(({ ctx }) => listInstances(ctx.services)),
  /** A tab shows the live figures (or stopped): instances publish them only while some admin's tab does. */
  watch: adminProcedure
    .input(z.object({ tab: z.string().min(1).max(64), open: z.boolean() }))
    .mutation(({ ctx, input }) => watchStats(ctx.services, ctx.viewer, input)),
});
