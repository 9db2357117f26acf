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
    const events = await api.events.list.query();
    const jobs = (await api.auth.me.query()) ? (await api.jobs.list.query()).items : null;
    return { posts: posts.items, events: events.items, jobs, lastEventId: posts.lastEventId };
  };
  const before = await read();
  await work();
  expect(await read()).toEqual(before);
}
