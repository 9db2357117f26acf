import { z } from 'zod';
import { EventFields } from '../domain/event-fields.ts';
import { cancelEvent, createEvent, getEvent, listEvents, publishEvent, rsvp, updateEvent } from '../domain/events.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';
import { topicRouter } from './topic-router.ts';

const id = z.string().min(1).max(64);
const byId = z.object({ id });

export const eventsRouter = topicRouter('events', {
  list: publicProcedure.query(({ ctx }) => listEvents(ctx.services, ctx.viewer)),
  byId: publicProcedure.input(byId).query(({ ctx, input }) => getEvent(ctx.services, ctx.viewer, input.id)),
  create: authedProcedure.input(EventFields).mutation(({ ctx, input }) => createEvent(ctx.services, ctx.viewer, input)),
  update: authedProcedure
    .input(
      EventFields.partial()
        .extend({ id })
        .refine((input) => Object.keys(input).some((key) => key !== 'id'), {
          error: 'say what to change: title, description, startsAt or location',
        }),
    )
    .mutation(({ ctx, input: { id, ...changes } }) => updateEvent(ctx.services, ctx.viewer, id, changes)),
  publish: authedProcedure.input(byId).mutation(({ ctx, input }) => publishEvent(ctx.services, ctx.viewer, input.id)),
  cancel: authedProcedure.input(byId).mutation(({ ctx, input }) => cancelEvent(ctx.services, ctx.viewer, input.id)),
  rsvp: authedProcedure
    .input(z.object({ id, going: z.boolean() }))
    .mutation(({ ctx, input }) => rsvp(ctx.services, ctx.viewer, input.id, input.going)),
});
