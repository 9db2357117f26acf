import type { Topic, TopicRecords } from '@adopt/api';
import type { Query } from '@tanstack/react-query';

type Compare<T> = (a: T, b: T) => number;

/** How one list query follows its topic: which events apply, in what order, how many rows it keeps. */
export interface ListSpec<T extends Topic = Topic> {
  topic: T;
  compare: Compare<TopicRecords[T]>;
  /** The most rows the query shows, from its input; more after an upsert are cut off. */
  limit?: (input: unknown) => number | undefined;
}

/** Code-point order, as the database sorts text: the client's order matches a fresh snapshot's. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const newestFirst: Compare<{ createdAt: string; id: string }> = (a, b) =>
  byText(b.createdAt, a.createdAt) || byText(b.id, a.id);

const inputLimit = (fallback: number) => (input: unknown) => {
  const limit = (input as { limit?: unknown } | undefined)?.limit;
  return typeof limit === 'number' ? limit : fallback;
};

/** Every query that returns `{ items, lastEventId }`, by its tRPC path. */
export const LIST_SPECS: Record<string, ListSpec<any>> = {
  'posts.list': { topic: 'posts', compare: newestFirst } satisfies ListSpec<'posts'>,
  'events.list': {
    topic: 'events',
    compare: (a, b) => byText(a.startsAt, b.startsAt) || byText(a.id, b.id),
  } satisfies ListSpec<'events'>,
  'tasks.list': { topic: 'tasks', compare: newestFirst } satisfies ListSpec<'tasks'>,
  'streets.list': {
    topic: 'streets',
    compare: (a, b) => byText(a.name, b.name) || byText(a.id, b.id),
  } satisfies ListSpec<'streets'>,
  'notifications.list': { topic: 'notifications', compare: newestFirst } satisfies ListSpec<'notifications'>,
  'rewards.mine': { topic: 'rewards', compare: newestFirst } satisfies ListSpec<'rewards'>,
  'leaderboard.top': {
    topic: 'leaderboard',
    // Ties keep their place (the sort is stable): the server ranks them by who joined first, which we cannot see.
    compare: (a, b) => b.points - a.points,
    limit: inputLimit(10),
  } satisfies ListSpec<'leaderboard'>,
  'jobs.list': { topic: 'jobs', compare: newestFirst } satisfies ListSpec<'jobs'>,
  'announcements.list': { topic: 'announcements', compare: newestFirst } satisfies ListSpec<'announcements'>,
};

/** A tRPC query key is `[path[], { input?, type? }]`. */
export function queryPath(query: Pick<Query, 'queryKey'>): string | undefined {
  const path = query.queryKey[0];
  return Array.isArray(path) ? path.join('.') : undefined;
}

export function queryInput(query: Pick<Query, 'queryKey'>): unknown {
  return (query.queryKey[1] as { input?: unknown } | undefined)?.input;
}

export function specOf(query: Pick<Query, 'queryKey'>): ListSpec | undefined {
  const path = queryPath(query);
  return path ? LIST_SPECS[path] : undefined;
}
