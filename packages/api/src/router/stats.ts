import { listInstances } from '../domain/stats/instances.ts';
import { adminProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

export const statsRouter = topicRouter('stats', {
  instances: adminProcedure.query(({ ctx }) => listInstances(ctx.services)),
});
