import { z } from 'zod';
import { listMembers } from '../domain/members.ts';
import { authedProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

export const usersRouter = topicRouter('users', {
  list: authedProcedure
    .input(z.object({ query: z.string().trim().max(80).optional(), cursor: z.string().max(200).nullish() }).optional())
    .query(({ ctx, input }) =>
      listMembers(ctx.services, ctx.viewer, { query: input?.query || undefined, cursor: input?.cursor ?? undefined }),
    ),
});
