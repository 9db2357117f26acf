import { z } from 'zod';
import { createPost, like, listFeed, removePost } from '../domain/posts.ts';
import { liveStream, subscriptionInput } from '../live/stream.ts';
import { authedProcedure, createTRPCRouter, publicProcedure } from '../trpc.ts';

const id = z.string().min(1).max(64);

export const postsRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z
        .object({ cursor: z.string().max(200).nullish(), limit: z.number().int().min(1).max(100).default(20) })
        .default({ limit: 20 }),
    )
    .query(({ ctx, input }) => listFeed(ctx.services, { cursor: input.cursor ?? undefined, limit: input.limit })),
  create: authedProcedure
    .input(z.object({ body: z.string().trim().min(1).max(2000) }))
    .mutation(({ ctx, input }) => createPost(ctx.services, ctx.viewer, input.body)),
  like: authedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => like(ctx.services, ctx.viewer, input.id)),
  delete: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removePost(ctx.services, ctx.viewer, input.id)),
  onChange: publicProcedure
    .input(subscriptionInput)
    .subscription(({ ctx, input, signal }) => liveStream(ctx, ['posts'], input?.lastEventId, signal)),
});
