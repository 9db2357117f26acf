import { seededRandom } from '@adopt/api/test/seeded-random';
import { describe, expect, it } from 'vitest';
import { httpClient, viewerOf } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { expectStreamsEqualLog, type Outcome, signUpWriters, watch, watchAsAdmin, writeUntil } from './burst.ts';
import { openDatabaseFile } from './event-log.ts';
import { report } from './report.ts';

const WRITERS = 4;
const KILL_AFTER = 60;
const AFTER_RESTART = 8;

describe('SIGKILL in the middle of a burst of mutations', () => {
  const server = useServerProcess('sigkill', { TRUST_PROXY: 'true' });

  it('loses no committed change, and every subscriber resumes with exactly the committed events, once, in order', async () => {
    await server.start();
    const url = server.url;
    const { admin, writers, start } = await signUpWriters(url, WRITERS);

    const watchers = [
      watch('anonymous posts.onChange', httpClient(url), ['posts'], { userId: null, role: null }, start, 'posts'),
      watch('anonymous live.onChange', httpClient(url), ['posts', 'leaderboard'], { userId: null, role: null }, start),
      watchAsAdmin(admin, start),
      ...writers.map((w, i) =>
        watch(`writer ${i} live.onChange`, w.api, ['posts', 'notifications', 'rewards'], viewerOf(w), start),
      ),
    ];
    try {
      const outcomes: Outcome[] = [];
      const shared = { postIds: [] as string[] };
      let successes = 0;
      const burst = writers.map((person, w) =>
        writeUntil(
          person,
          w,
          seededRandom(1000 + w),
          shared,
          outcomes,
          () => true,
          () => {
            successes += 1;
            if (successes === KILL_AFTER) server.child.kill('SIGKILL');
          },
        ),
      );
      await Promise.all(burst);
      expect(await server.exited).toBe('SIGKILL');
      const inFlight = outcomes.filter((o) => !o.ok);
      expect(inFlight.length).toBeGreaterThan(0);

      await server.start();
      await Promise.all(
        writers.map((person, w) =>
          writeUntil(person, w, seededRandom(2000 + w), shared, outcomes, (i) => i < AFTER_RESTART),
        ),
      );
      const afterRestart = outcomes.slice(-AFTER_RESTART * WRITERS);
      expect(afterRestart.every((o) => o.ok)).toBe(true);

      const { log, checked } = await expectStreamsEqualLog(server.databasePath, Number(start), watchers);

      // The database: every answered write is there, every lost answer either fully happened or not at all.
      const db = openDatabaseFile(server.databasePath);
      try {
        const posts = new Map(
          (db.prepare('select id, body, likes from posts').all() as { id: string; body: string; likes: number }[]).map(
            (p) => [p.id, p],
          ),
        );
        const deleted = new Set(log.filter((e) => e.topic === 'posts' && e.type === 'deleted').map((e) => e.recordId));
        const created = new Set(log.filter((e) => e.topic === 'posts' && e.type === 'created').map((e) => e.recordId));
        for (const o of outcomes.filter((o) => o.ok)) {
          if (o.op === 'create') expect(created.has(o.postId as string)).toBe(true);
          if (o.op === 'delete') expect(posts.has(o.postId as string)).toBe(false);
          if (o.op === 'like' && posts.has(o.postId as string)) {
            const liked = db
              .prepare('select 1 from post_likes where post_id = ? and user_id = ?')
              .get(o.postId, writers[o.writer]?.user.id);
            expect(liked).toBeDefined();
          }
        }
        // The table is the fold of the log: no change without its event, no event without its change.
        for (const id of created) expect(posts.has(id)).toBe(!deleted.has(id));
        for (const id of posts.keys()) expect(created.has(id)).toBe(true);
        const lostCreates = inFlight.filter((o) => o.op === 'create');
        const committedAnyway = lostCreates.filter((o) =>
          db.prepare('select 1 from posts where body = ?').get(o.body),
        ).length;
        const likeCounts = db
          .prepare(
            'select count(*) as n from posts p where likes != (select count(*) from post_likes l where l.post_id = p.id)',
          )
          .get() as { n: number };
        expect(likeCounts.n).toBe(0);
        const points = db
          .prepare(
            'select count(*) as n from users u where points != (select coalesce(sum(points), 0) from rewards r where r.user_id = u.id)',
          )
          .get() as { n: number };
        expect(points.n).toBe(0);

        report('sigkill', {
          writers: WRITERS,
          answeredWrites: outcomes.filter((o) => o.ok).length,
          writesInFlightAtKill: inFlight.length,
          lostCreatesThatCommittedAnyway: `${committedAnyway} of ${lostCreates.length}`,
          eventsCommitted: log.length,
          subscribers: watchers.length,
          eventsCheckedOnStreams: checked,
          missing: 0,
          duplicated: 0,
        });
      } finally {
        db.close();
      }
    } finally {
      for (const w of watchers) w.recorder.close();
    }
  }, 60_000);
});
