import { canSee } from '@adopt/api';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { openPostgres, readEventsAfter } from '@adopt/db';
import { LISTENER_APPLICATION_NAME } from '@adopt/db/listen';
import { TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../../../packages/db/test/embedded-postgres.ts';
import { createDatabaseOn } from '../../../../packages/db/test/postgres-database.ts';
import { until } from '../../../../packages/db/test/until.ts';
import { httpClient, type Person, signUp } from '../http-client.ts';
import { type ServerProcess, useServerProcess } from '../server-process.ts';
import { pollHealth } from './health-poller.ts';
import { report } from './report.ts';

const RESTARTS = ['fast', 'immediate', 'fast'] as const;
const PLAIN_MESSAGE = 'The database is unavailable. Try again in a moment.';

interface Failure {
  code: string | undefined;
  message: string;
}

/** Posts as fast as the server answers until stopped, keeping what was acknowledged and what failed how. */
function keepWriting(person: Person, name: string) {
  const acknowledged: string[] = [];
  const failures: Failure[] = [];
  let stopped = false;
  const running = (async () => {
    for (let i = 0; !stopped; i++) {
      try {
        acknowledged.push((await person.api.posts.create.mutate({ body: `${name} ${i}` })).id);
      } catch (error) {
        const data = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined) : undefined;
        failures.push({ code: data?.code, message: (error as Error).message });
        // Paces the retries of a client that was told to try again in a moment.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  })();
  return {
    acknowledged,
    failures,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

describe('PostgreSQL restarted under load, with two instances writing and streaming', () => {
  let cluster: EmbeddedPostgres;
  let url: string;
  const instances = [useServerProcess('pg-restart-a'), useServerProcess('pg-restart-b')];

  beforeAll(async () => {
    // Its own cluster, durable across a crash: restarting the shared one would disturb every other suite.
    cluster = await startEmbeddedPostgres({ durable: true });
    url = (await createDatabaseOn(cluster.url)).url;
    for (const instance of instances) await instance.start({ DATABASE_URL: url, PG_CONNECT_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    for (const instance of instances) await instance.stop('SIGKILL');
    await cluster?.stop();
  });

  it('crashes no instance, answers 503 in plain words meanwhile, recovers by itself and loses or doubles nothing', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const writers = [await signUp(a.url, 'Ana'), await signUp(b.url, 'Ben')];
    const { lastEventId } = await httpClient(a.url).posts.list.query({});
    const streams = instances.map(
      (instance) =>
        new LiveRecorder((observer) =>
          httpClient(instance.url).posts.onChange.subscribe({ lastEventId }, observer as never),
        ),
    );
    const health = instances.map((instance) => pollHealth(instance.url));
    const load = writers.map((person, i) => keepWriting(person, `writer ${i}`));
    try {
      for (const mode of RESTARTS) {
        const before = load.map((w) => w.acknowledged.length);
        await until(
          'both writers have landed posts',
          () => load.every((w, i) => w.acknowledged.length >= (before[i] ?? 0) + 10),
          10_000,
        );
        const restartAt = health.map((h) => h.now());
        await cluster.restart(mode);
        // Recovery by itself: health turns ok again and each writer lands another post, with nobody stepping in.
        const after = load.map((w) => w.acknowledged.length);
        await until(
          `both instances write again after a ${mode} restart`,
          () => load.every((w, i) => w.acknowledged.length > (after[i] ?? 0)),
          20_000,
        );
        await until(
          'health reports the database ok on both instances',
          () => health.every((h, i) => h.since(restartAt[i] ?? 0).at(-1)?.status === 200),
          10_000,
        );
      }
      await Promise.all(load.map((w) => w.stop()));
      expect(instances.map((i) => i.child.exitCode)).toEqual([null, null]);

      const failures = load.flatMap((w) => w.failures);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.filter((f) => f.code !== 'SERVICE_UNAVAILABLE' || f.message !== PLAIN_MESSAGE)).toEqual([]);
      // What the client was not told is in the log: the database's own error, at warn.
      const causes = instances
        .flatMap((i) => i.output.split('\n'))
        .filter((line) => line.includes(PLAIN_MESSAGE))
        .map((line) => (JSON.parse(line) as { level: number; err?: { message?: string } }).err?.message);
      expect(causes.length).toBeGreaterThan(0);
      expect(causes.every((message) => typeof message === 'string' && message.length > 0)).toBe(true);
      const answers = health.flatMap((h) => h.answers);
      const down = answers.filter((h) => h.status === 503);
      expect(down.every((h) => h.db === 'unavailable')).toBe(true);

      const final = await Promise.all(writers.map((w) => w.api.posts.create.mutate({ body: 'after the restarts' })));
      for (const stream of streams) {
        for (const post of final) await stream.waitFor((e) => (e as { id?: string }).id === post.id, 20_000);
      }
      const db = openPostgres({ url });
      const listeners = async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where application_name = ${LISTENER_APPLICATION_NAME}`.execute(db.kysely);
        return rows[0]?.n ?? 0;
      };
      // Each instance's LISTEN connection came back by itself.
      await until('both LISTEN connections are back', async () => (await listeners()) === 2, 10_000);
      const log = await readEventsAfter(db.kysely, Number(lastEventId), 100_000).finally(() => db.close());
      const expected = log
        .filter((e) => e.topic === 'posts' && canSee(JSON.parse(e.audience), { userId: null, role: null }))
        .map((e) => String(e.id));
      for (const stream of streams) {
        expect(stream.error).toBeNull();
        expect(stream.received.map((r) => r.id)).toEqual(expected);
      }
      const created = new Set(log.filter((e) => e.topic === 'posts' && e.type === 'created').map((e) => e.recordId));
      const acknowledged = [...load.flatMap((w) => w.acknowledged), ...final.map((p) => p.id)];
      expect(acknowledged.filter((id) => !created.has(id))).toEqual([]);
      report('postgres restarted under load', {
        restarts: RESTARTS.join(', '),
        instancesCrashed: 0,
        writesAcknowledged: acknowledged.length,
        writesRefused503: failures.length,
        health503: down.length,
        slowestHealthMs: Math.round(Math.max(...answers.map((h) => h.ms))),
        eventsPerStream: expected.length,
        lost: 0,
        doubled: 0,
      });
    } finally {
      await Promise.all(load.map((w) => w.stop()));
      await Promise.all(health.map((h) => h.stop()));
      for (const stream of streams) stream.close();
    }
  });
});
