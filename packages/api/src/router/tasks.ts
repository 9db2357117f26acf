import { z } from 'zod';
import { changeTask, createTask, listTaskBoard, removeTask } from '../domain/tasks.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

const id = z.string().min(1).max(64);

export const tasksRouter = topicRouter('tasks', {
  list: publicProcedure.query(({ ctx }) => listTaskBoard(ctx.services)),
  create: authedProcedure
    .input(z.object({ title: z.string().trim().min(1).max(200), streetId: id.nullish() }))
    .mutation(({ ctx, input }) => createTask(ctx.services, ctx.viewer, input)),
  update: authedProcedure
    .input(
      z
        .object({
          id,
          status: z.enum(['open', 'in_progress', 'done']).optional(),
          assigneeId: id.nullable().optional(),
        })
        .refine((input) => input.status !== undefined || input.assigneeId !== undefined, {
          message: 'Nothing to change: give a status, an assigneeId (null to unassign), or both.',
        }),
    )
    .mutation(({ ctx, input }) => changeTask(ctx.services, ctx.viewer, input)),
  delete: authedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => removeTask(ctx.services, ctx.viewer, input.id)),
});
