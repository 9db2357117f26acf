import { z } from 'zod';
import { listOnline, setVisible } from '../domain/presence/online.ts';
import { authedProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

export const presenceRouter = topicRouter('presence', {
  online: authedProcedure.query(({ ctx }) => listOnline(ctx.services, ctx.viewer)),
  setVisible: authedProcedure
    .input(z.object({ visible: z.boolean() }))
    .mutation(({ ctx, input }) => setVisible(ctx.services, ctx.viewer, input.visible)),
});
