import { TRPCClientError } from '@trpc/client';
import { expect } from 'vitest';
import type { Api } from './client.ts';

/** Awaits a call that must fail with this tRPC code and a message matching `message`. */
export async function expectTrpcError(
  call: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<TRPCClientError<any>> {
  const error = await call.then(
    (value) => {
      throw new Error(`Expected ${code}, but the call succeeded with ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const trpcError = error as TRPCClientError<any>;
  expect(trpcError.data?.code, trpcError.message).toBe(code);
  if (message) expect(trpcError.message).toMatch(message);
  return trpcError;
}

/**
 * Snapshots everything a user can read, runs `work`, and checks nothing changed:
 * rejected input must leave no trace, not even an event.
 */
export async function expectDatabaseUnchanged(api: Api, work: () => Promise<void>): Promise<void> {
  const read = async () => {
    const posts = await api.posts.list.query({ limit: 100 });
    const tasks = await api.tasks.list.query();
    const streets = await api.streets.list.query();
    const announcements = await api.announcements.list.query();
    const leaderboard = await api.leaderboard.top.query({ limit: 100 });
    const events = await api.events.list.query();
    const jobs = (await api.auth.me.query()) ? (await api.jobs.list.query()).items : null;
    // The viewer's own inbox and rewards, when there is a viewer.
    const mine = (await api.auth.me.query())
      ? { notifications: await api.notifications.list.query(), rewards: await api.rewards.mine.query() }
      : null;
    return {
      notifications: mine?.notifications.items,
      rewards: mine && { items: mine.rewards.items, points: mine.rewards.points },
      posts: posts.items,
      tasks: tasks.items,
      streets: streets.items,
      announcements: announcements.items,
      leaderboard: leaderboard.items,
      events: events.items,
      jobs,
      lastEventId: posts.lastEventId,
    };
  };
  const before = await read();
  await work();
  expect(await read()).toEqual(before);
}

/** A mutation's result as live events and lists carry it: without `lastEventId`, which only the answer has. */
export function resultOf<T extends { lastEventId: string | null }>(answer: T): Omit<T, 'lastEventId'> {
  const { lastEventId: _, ...result } = answer;
  return result;
}
