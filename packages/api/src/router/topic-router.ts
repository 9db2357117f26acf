import type { Scope } from '@adopt/live';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { lastEventId, liveStream } from '../live/stream.ts';
import { type ScopeField, type Topic, topicDefinition } from '../topics/index.ts';
import { createTRPCRouter, publicProcedure } from '../trpc.ts';

const scopeValue = () => z.string().min(1).max(64).nullish();

/** `{ lastEventId? }` plus the topic's scope fields, each optional: `comments.onChange({ postId })`. */
function onChangeInput<T extends Topic>(topic: T) {
  const fields: readonly string[] = topicDefinition(topic).scope ?? [];
  const scope = Object.fromEntries(fields.map((field) => [field, scopeValue()])) as {
    [F in ScopeField<T>]: ReturnType<typeof scopeValue>;
  };
  return z.object({ lastEventId, ...scope }).optional();
}

/** The scope fields the subscriber gave; null when none, so it hears every event of the topic. */
function scopeOf(topic: Topic, input: Record<string, unknown> | undefined): Scope | null {
  const given = (topicDefinition(topic).scope ?? []).flatMap((field) => {
    const value = input?.[field];
    return typeof value === 'string' ? [[field, value] as const] : [];
  });
  return given.length > 0 ? Object.fromEntries(given) : null;
}

/**
 * A topic's router: its own queries and mutations plus the `onChange` every topic has. Public: each
 * event's audience decides who receives it, so a logged-out viewer of a private topic receives nothing.
 */
export function topicRouter<T extends Topic, P extends TRPCRouterRecord>(topic: T, procedures: P) {
  const onChange = publicProcedure.input(onChangeInput(topic)).subscription(({ ctx, input, signal }) => {
    const given = input as ({ lastEventId?: string | null } & Record<string, unknown>) | undefined;
    return liveStream(ctx, [topic], given?.lastEventId, signal, scopeOf(topic, given));
  });
  return createTRPCRouter({ ...procedures, onChange });
}

/** The `limit` input of a topic's list, bounded as its definition says. */
export function listLimit(topic: Topic) {
  const bounds = topicDefinition(topic).limit;
  if (!bounds) throw new Error(`The ${topic} list takes no limit`);
  return z.number().int().min(1).max(bounds.max).default(bounds.default);
}
