import { z } from 'zod';
import { createComment, listPostComments, removeComment } from '../domain/comments.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';
import { listLimit, topicRouter } from './topic-router.ts';

const id = z.string().min(1).max(64);

export const commentsRouter = topicRouter('comments', {
  list: publicProcedure
    .input(z.object({ postId: id, cursor: z.string().max(200).nullish(), limit: listLimit('comments') }))
    .query(({ ctx, input }) => listPostComments(ctx.services, { ...input, cursor: input.cursor ?? undefined })),
  create: authedProcedure
    .input(z.object({ postId: id, body: z.string().trim().min(1).max(1000) }))
    .mutation(({ ctx, input }) => createComment(ctx.services, ctx.viewer, input)),
  delete: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removeComment(ctx.services, ctx.viewer, input.id)),
});
