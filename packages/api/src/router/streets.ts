import { z } from 'zod';
import { adopt, createStreet, listStreetMap, release } from '../domain/streets.ts';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { adminProcedure, authedProcedure, createTRPCRouter, publicProcedure } from '../trpc.ts';

const id = z.string().min(1).max(64);

export const streetsRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listStreetMap(ctx.services)),
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(120) }))
    .mutation(({ ctx, input }) => createStreet(ctx.services, input.name)),
  adopt: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => adopt(ctx.services, ctx.viewer, input.id)),
  release: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => release(ctx.services, ctx.viewer, input.id)),
  onChange: publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, ['streets'], input?.lastEventId, signal)),
});
