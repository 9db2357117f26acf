import { type AppRouter, canSee } from '@adopt/api';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { openPostgres, readEventsAfter } from '@adopt/db';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../../../packages/db/test/postgres.ts';
import { until } from '../../../../packages/db/test/until.ts';
import { readHealth } from '../health.ts';
import { httpClient, type Person, signUp } from '../http-client.ts';
import { startTestServer, type TestServer } from '../test-server.ts';
import { report } from './report.ts';
import { type StallingProxy, startStallingProxy } from './stalling-proxy.ts';

const STATEMENT_TIMEOUT_MS = 1000;

/** How a call ended: the tRPC error code and message it got, and how long it took. */
async function outcome(call: () => Promise<unknown>) {
  const started = performance.now();
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  const ms = Math.round(performance.now() - started);
  if (!error) return { ms, code: 'ok', message: '' };
  const data = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data : undefined;
  return { ms, code: data?.code ?? 'no tRPC error', message: (error as Error).message };
}

describe('a PostgreSQL that stops answering', () => {
  const database = usePostgresDatabase();
  let proxy: StallingProxy;
  let server: TestServer;
  let person: Person;

  beforeAll(async () => {
    proxy = await startStallingProxy(database.url);
    server = await startTestServer({
      DATABASE_URL: proxy.url,
      PG_CONNECT_TIMEOUT_MS: STATEMENT_TIMEOUT_MS,
      PG_STATEMENT_TIMEOUT_MS: STATEMENT_TIMEOUT_MS,
      PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: STATEMENT_TIMEOUT_MS,
    });
    person = await signUp(server.url, 'Sami');
  });
  afterAll(async () => {
    proxy?.resume();
    await server?.close();
    await proxy?.close();
  });

  it('fails requests with SERVICE_UNAVAILABLE within the timeouts, then serves again once it answers', async () => {
    const { lastEventId } = await person.api.posts.list.query({});
    const subscribe = () =>
      new LiveRecorder((observer) =>
        httpClient(server.url).posts.onChange.subscribe({ lastEventId }, observer as never),
      );
    const live = subscribe();
    await person.api.posts.create.mutate({ body: 'before the stall' });
    await live.waitForCount(1);
    proxy.stall();
    // Its replay meets the stall: the server ends it with a code the stock client retries, until it resumes.
    const resuming = subscribe();
    const write = await outcome(() => person.api.posts.create.mutate({ body: 'during the stall' }));
    const read = await outcome(() => person.api.posts.list.query({}));
    const healthStarted = performance.now();
    const health = await readHealth(server.url);
    const healthMs = Math.round(performance.now() - healthStarted);

    const plain = 'The database is unavailable. Try again in a moment.';
    expect({ write: write.code, read: read.code }).toEqual({
      write: 'SERVICE_UNAVAILABLE',
      read: 'SERVICE_UNAVAILABLE',
    });
    expect([write.message, read.message]).toEqual([plain, plain]);
    expect(health.status).toBe('degraded');
    expect(health.services.db).toBe('unavailable');

    proxy.resume();
    await until(
      'health reports the database ok again',
      async () => (await readHealth(server.url)).status === 'ok',
      10_000,
    );
    const after = await person.api.posts.create.mutate({ body: 'after the stall' });
    const feed = await person.api.posts.list.query({});
    expect(feed.items.map((p) => p.body)).toContain('after the stall');
    expect(feed.items.map((p) => p.id)).toContain(after.id);
    // Neither stream missed or repeated an event: each equals the log.
    const db = openPostgres({ url: database.url });
    const log = await readEventsAfter(db.kysely, Number(lastEventId)).finally(() => db.close());
    const expected = log
      .filter((e) => e.topic === 'posts' && canSee(JSON.parse(e.audience), { userId: null, role: null }))
      .map((e) => String(e.id));
    for (const stream of [live, resuming]) {
      await stream.waitFor((e) => (e as { id?: string }).id === after.id, 10_000);
      expect(stream.received.map((r) => r.id)).toEqual(expected);
      stream.close();
    }
    report('postgres stops answering', {
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      writeFailedAfterMs: write.ms,
      readFailedAfterMs: read.ms,
      healthAnsweredAfterMs: healthMs,
    });
  });
});
