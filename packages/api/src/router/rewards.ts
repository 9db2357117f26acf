import { myRewards } from '../domain/rewards.ts';
import { authedProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

export const rewardsRouter = topicRouter('rewards', {
  mine: authedProcedure.query(({ ctx }) => myRewards(ctx.services, ctx.viewer.id)),
});
