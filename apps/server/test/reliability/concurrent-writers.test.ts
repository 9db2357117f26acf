import type { PostRecord } from '@adopt/api';
import { seededRandom } from '@adopt/api/test/seeded-random';
import { describe, expect, it } from 'vitest';
import { httpClient, viewerOf } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import {
  expectStreamsEqualLog,
  type Outcome,
  signUpWriters,
  type Watcher,
  watch,
  watchAsAdmin,
  writeUntil,
} from './burst.ts';
import { report } from './report.ts';

const WRITERS = 12;
const OPS_EACH = 8;

type SharedPost = Omit<PostRecord, 'likedByMe'>;

/** A post as everyone sees it: likedByMe is the viewer's own, and live records leave it out. */
const asSharedPost = ({ likedByMe: _, ...post }: PostRecord): SharedPost => post;

/** Applies live events to a snapshot, the way a client keeps its list current. */
function fold(items: PostRecord[], events: { data: any }[]): Map<string, SharedPost> {
  const posts = new Map(items.map((p) => [p.id, asSharedPost(p)]));
  for (const { data } of events) {
    if (data.type === 'deleted') posts.delete(data.id);
    else posts.set(data.id, data.record);
  }
  return posts;
}

describe('many clients mutating at once', () => {
  const server = useServerProcess('concurrent', { TRUST_PROXY: 'true' });

  it('gives every subscriber strictly increasing ids with no gap and no duplicate, and snapshots that add up', async () => {
    await server.start();
    const url = server.url;
    const { admin, writers, start } = await signUpWriters(url, WRITERS);
    const anonymous = { userId: null, role: null };
    const watchers: Watcher[] = [
      watch('anonymous posts.onChange', httpClient(url), ['posts'], anonymous, start, 'posts'),
      watch('anonymous live.onChange', httpClient(url), ['posts', 'leaderboard', 'tasks', 'streets'], anonymous, start),
      watchAsAdmin(admin, start),
      ...writers
        .slice(0, 4)
        .map((w, i) => watch(`writer ${i}`, w.api, ['posts', 'notifications', 'rewards'], viewerOf(w), start)),
    ];
    const late: { snapshot: PostRecord[]; from: number; watcher: Watcher }[] = [];
    try {
      const outcomes: Outcome[] = [];
      const shared = { postIds: [] as string[] };
      let successes = 0;
      // Readers that fetch a snapshot in the middle of the burst and subscribe from the id it reflects.
      const joinLate = async () => {
        const reader = httpClient(url);
        const { items, lastEventId } = await reader.posts.list.query({ limit: 100 });
        late.push({
          snapshot: items,
          from: Number(lastEventId),
          watcher: watch(`late reader ${late.length}`, reader, ['posts'], anonymous, lastEventId, 'posts'),
        });
      };
      const joins: Promise<void>[] = [];
      await Promise.all(
        writers.map((person, w) =>
          writeUntil(
            person,
            w,
            seededRandom(3000 + w),
            shared,
            outcomes,
            (i) => i < OPS_EACH,
            () => {
              successes += 1;
              if (successes % 25 === 0) joins.push(joinLate());
            },
          ),
        ),
      );
      await Promise.all(joins);
      expect(outcomes.every((o) => o.ok)).toBe(true);

      const { log, checked } = await expectStreamsEqualLog(server.databasePath, Number(start), watchers);
      let lateChecked = 0;
      const final = await admin.api.posts.list.query({ limit: 100 });
      for (const { snapshot, from, watcher } of late) {
        const result = await expectStreamsEqualLog(server.databasePath, from, [watcher]);
        lateChecked += result.checked;
        const view = fold(snapshot, watcher.recorder.received);
        expect([...view.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          [...final.items].map(asSharedPost).sort((a, b) => a.id.localeCompare(b.id)),
        );
      }
      expect(late.length).toBeGreaterThan(0);

      report('concurrent-writers', {
        writers: WRITERS,
        writes: outcomes.length,
        eventsCommitted: log.length,
        subscribers: watchers.length,
        eventsCheckedOnStreams: checked,
        lateSnapshotReaders: late.length,
        lateEventsChecked: lateChecked,
        missing: 0,
        duplicated: 0,
      });
    } finally {
      for (const w of [...watchers, ...late.map((l) => l.watcher)]) w.recorder.close();
    }
  });
});
