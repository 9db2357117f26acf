import { describe, expect, it } from 'vitest';
import type { LogRow } from './delivery.ts';
import { EventBus } from './event-bus.ts';
import type { DeliverySink, ViewerState } from './subscription.ts';

interface TestAudience {
  everyone?: true;
  users?: string[];
}

/** The event log as the bus sees it, held in an array: enough to exercise dispatch without a database. */
function arrayLog() {
  const rows: LogRow[] = [];
  return {
    rows,
    append(topic: string, audience: TestAudience, scope?: Record<string, string>): void {
      const id = rows.length + 1;
      const payload = JSON.stringify({ topic, id });
      rows.push({
        id,
        topic,
        payload,
        audience: JSON.stringify(audience),
        scope: scope ? JSON.stringify(scope) : null,
      });
    },
    reader: {
      bounds: async () => ({ lastId: rows.length, trimmedThrough: 0 }),
      after: async (id: number, limit: number) => rows.filter((row) => row.id > id).slice(0, limit),
    },
  };
}

const viewer = (userId: string | null): ViewerState => ({ userId, sessionId: null, expiresAt: null });

function collect() {
  const ids: number[] = [];
  const sink: DeliverySink = { deliver: (d) => ids.push(d.id), whenReady: () => null, closed: () => {} };
  return { ids, sink };
}

describe('EventBus', () => {
  it("checks a per-person event against that person's subscriptions only", async () => {
    const log = arrayLog();
    const checked: string[] = [];
    const bus = new EventBus<ViewerState, TestAudience>({
      log: log.reader,
      pollIntervalMs: 0,
      audiences: {
        canSee: (audience, v) => {
          checked.push(v.userId ?? 'anonymous');
          return audience.everyone === true || (v.userId !== null && (audience.users ?? []).includes(v.userId));
        },
        onlyUsers: (audience) => (audience.everyone ? null : (audience.users ?? [])),
      },
    });
    await bus.start();
    const ann = collect();
    bus.attach({ topics: ['notifications', 'posts'], viewer: viewer('ann'), after: null }, ann.sink);
    const others = Array.from({ length: 50 }, () => collect());
    others.forEach((other, i) => {
      const v = viewer(i % 2 === 0 ? `user-${i}` : null);
      bus.attach({ topics: ['notifications', 'posts'], viewer: v, after: null }, other.sink);
    });
    // Ann also follows another topic: a notification must not reach that subscription.
    const annElsewhere = collect();
    bus.attach({ topics: ['posts'], viewer: viewer('ann'), after: null }, annElsewhere.sink);

    log.append('notifications', { users: ['ann'] });
    await bus.wake();
    expect(ann.ids).toEqual([1]);
    expect(annElsewhere.ids).toEqual([]);
    expect(others.every((other) => other.ids.length === 0)).toBe(true);
    expect(checked).toEqual(['ann']);

    log.append('posts', { everyone: true });
    await bus.wake();
    expect(ann.ids).toEqual([1, 2]);
    expect(annElsewhere.ids).toEqual([2]);
    expect(others.every((other) => other.ids.length === 1)).toBe(true);
    bus.stop();
  });

  it('hands a scoped subscription only the events of its scope, live and replayed', async () => {
    const log = arrayLog();
    const bus = new EventBus<ViewerState, TestAudience>({
      log: log.reader,
      pollIntervalMs: 0,
      audiences: { canSee: (audience) => audience.everyone === true, onlyUsers: () => null },
    });
    const everyone = { everyone: true } as const;
    log.append('comments', everyone, { postId: 'p1' });
    log.append('comments', everyone, { postId: 'p2' });
    await bus.start();
    const p1 = collect();
    const p2 = collect();
    const all = collect();
    const replayed = collect();
    bus.attach({ topics: ['comments'], viewer: viewer(null), after: null, scope: { postId: 'p1' } }, p1.sink);
    bus.attach({ topics: ['comments'], viewer: viewer(null), after: null, scope: { postId: 'p2' } }, p2.sink);
    bus.attach({ topics: ['comments'], viewer: viewer(null), after: null }, all.sink);
    bus.attach({ topics: ['comments'], viewer: viewer(null), after: 0, scope: { postId: 'p2' } }, replayed.sink);

    // A deletion's payload names only the id: its scope, logged beside it, still routes it.
    log.append('comments', everyone, { postId: 'p1' });
    log.append('comments', everyone, { postId: 'p2' });
    log.append('comments', everyone);
    await bus.wake();
    await expect.poll(() => replayed.ids).toEqual([2, 4]);
    expect(p1.ids).toEqual([3]);
    expect(p2.ids).toEqual([4]);
    expect(all.ids).toEqual([3, 4, 5]);
    bus.stop();
  });
});
