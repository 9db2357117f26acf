import type { AppRouter } from '@adopt/api';
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../../packages/db/test/until.ts';
import { signUp } from '../http-client.ts';
import { useTestServer } from '../test-server.ts';
import { pollHealth } from './health-poller.ts';
import { report } from './report.ts';
import { holdSqliteWriteLock, type LockHolder } from './sqlite-lock-holder.ts';

const LOCK_TIMEOUT_MS = 1500;

describe('a SQLite write lock held by another process', () => {
  const server = useTestServer({ SQLITE_LOCK_TIMEOUT_MS: LOCK_TIMEOUT_MS });
  let holder: LockHolder | undefined;
  afterEach(async () => {
    await holder?.release();
    holder = undefined;
  });

  it('leaves health and reads answering while a write waits, then the write gets SERVICE_UNAVAILABLE', async () => {
    const person = await signUp(server.url, 'Lena');
    await person.api.posts.create.mutate({ body: 'before the lock' });
    holder = await holdSqliteWriteLock(server.config.DATABASE_PATH);
    const health = pollHealth(server.url);
    const writeSent = health.now();
    const failure = await person.api.posts.create.mutate({ body: 'while locked' }).then(
      () => null,
      (error: unknown) => error,
    );
    const writeMs = health.now() - writeSent;
    const feed = await person.api.posts.list.query({});
    const answers = health.since(writeSent);
    await health.stop();

    expect(failure).toBeInstanceOf(TRPCClientError);
    const { data, message } = failure as TRPCClientError<AppRouter>;
    expect({ code: data?.code, httpStatus: data?.httpStatus, message }).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      httpStatus: 503,
      message: 'The database is unavailable. Try again in a moment.',
    });
    // The process went on answering while the write waited for the lock.
    const answeredDuringWait = answers.filter((a) => a.at + a.ms <= writeMs);
    expect(answeredDuringWait.length).toBeGreaterThanOrEqual(5);
    expect(answers.every((a) => a.status === 200 && a.db === 'ok')).toBe(true);
    expect(feed.items.map((p) => p.body)).toEqual(['before the lock']);
    report('sqlite lock held past the timeout', {
      lockTimeoutMs: LOCK_TIMEOUT_MS,
      writeFailedAfterMs: Math.round(writeMs),
      healthAnswers: answers.length,
      slowestHealthMs: Math.round(Math.max(...answers.map((a) => a.ms))),
    });
  });

  it('lets a waiting write through once the lock is released in time', async () => {
    const person = await signUp(server.url, 'Omar');
    holder = await holdSqliteWriteLock(server.config.DATABASE_PATH);
    const health = pollHealth(server.url);
    const writeSent = health.now();
    const writing = person.api.posts.create.mutate({ body: 'waited for the lock' });
    await until('health has answered three times while the write waits', () => health.since(writeSent).length >= 3);
    await holder.release();
    const post = await writing;
    await health.stop();

    const feed = await person.api.posts.list.query({});
    expect(feed.items.map((p) => p.id)).toContain(post.id);
    expect(health.answers.every((a) => a.status === 200)).toBe(true);
  });
});
