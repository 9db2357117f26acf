import { LiveStream, type Scope } from '@adopt/live';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../context.ts';
import type { ViewerState } from './bus.ts';
import type { LiveMessage, Topic } from './topics.ts';

export const lastEventId = z
  .string()
  .regex(/^\d{1,15}$/, 'lastEventId must be the id of an event this server sent')
  .nullish();

export function viewerState(ctx: Context): ViewerState {
  return {
    userId: ctx.viewer?.id ?? null,
    role: ctx.viewer?.role ?? null,
    sessionId: ctx.viewer?.sessionId ?? null,
    expiresAt: ctx.viewer?.expiresAt ?? null,
    statsTabs: new Set(),
  };
}

/** What every `onChange` returns: each delivery the viewer may see, as `tracked(id, event)`. */
export function liveStream<T extends Topic>(
  ctx: Context,
  topics: readonly T[],
  after: string | null | undefined,
  signal: AbortSignal | undefined,
  scope: Scope | null = null,
): LiveStream<LiveMessage<T>, ViewerState> {
  if (ctx.staleSession) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has expired. Log in again.' });
  }
  const options = { topics, viewer: viewerState(ctx), after: after ? Number(after) : null, scope };
  return new LiveStream(ctx.services.bus, options, signal);
}
