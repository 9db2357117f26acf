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
    append(topic: string, audience: TestAudience): void {
      const id = rows.length + 1;
      rows.push({ id, topic, payload: JSON.stringify({ topic, id }), audience: JSON.stringify(audience) });
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
});
