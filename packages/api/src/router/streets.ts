import { z } from 'zod';
import { adopt, createStreet, listStreetMap, release } from '../domain/streets.ts';
import { adminProcedure, authedProcedure, publicProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

const id = z.string().min(1).max(64);

export const streetsRouter = topicRouter('streets', {
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
});
