import { z } from 'zod';
import { createPost, listFeed, removePost, setLike } from '../domain/posts.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';
import { listLimit, topicRouter } from './topic-router.ts';

const id = z.string().min(1).max(64);

export const postsRouter = topicRouter('posts', {
  list: publicProcedure
    .input(z.object({ cursor: z.string().max(200).nullish(), limit: listLimit('posts') }).prefault({}))
    .query(({ ctx, input }) =>
      listFeed(ctx.services, ctx.viewer, { cursor: input.cursor ?? undefined, limit: input.limit }),
    ),
  create: authedProcedure
    .input(z.object({ body: z.string().trim().min(1).max(2000) }))
    .mutation(({ ctx, input }) => createPost(ctx.services, ctx.viewer, input.body)),
  like: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => setLike(ctx.services, ctx.viewer, input.id, true)),
  unlike: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => setLike(ctx.services, ctx.viewer, input.id, false)),
  delete: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removePost(ctx.services, ctx.viewer, input.id)),
});
