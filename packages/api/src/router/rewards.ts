import { myRewards } from '../domain/rewards.ts';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { authedProcedure, createTRPCRouter, publicProcedure } from '../trpc.ts';

export const rewardsRouter = createTRPCRouter({
  mine: authedProcedure.query(({ ctx }) => myRewards(ctx.services, ctx.viewer.id)),
  // Each reward's audience is the person awarded, so others (and logged-out viewers) receive nothing.
  onChange: publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, ['rewards'], input?.lastEventId, signal)),
});
