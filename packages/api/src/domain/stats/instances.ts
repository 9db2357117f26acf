import { codeUnitOrder, readEventLogBounds, readTopicEventsAfter } from '@adopt/db';
import { readSnapshot } from '../../live/commit.ts';
import type { LiveEvent } from '../../live/topics.ts';
import type { InstanceStatsRecord } from '../../records.ts';
import type { Services } from '../../services.ts';

/** A `stats` row of the log: an instance's figures, or the word that it died (its figures went stale). */
export function statsEventOf(row: { payload: string }): LiveEvent<'stats'> {
  return JSON.parse(row.payload) as LiveEvent<'stats'>;
}

/** Every instance's newest figures: this one's taken now, the others' as they last published them. */
export async function listInstances(services: Services) {
  const { stats } = services;
  const { value: published, lastEventId } = await readSnapshot(services, async (db) => {
    const { trimmedThrough } = await readEventLogBounds(db);
    return readTopicEventsAfter(db, 'stats', trimmedThrough);
  });
  const fresh = stats.freshSince().toISOString();
  const byInstance = new Map<string, InstanceStatsRecord>();
  for (const row of published) {
    const event = statsEventOf(row);
    if (event.type === 'deleted') byInstance.delete(event.id);
    else if (event.record.at >= fresh) byInstance.set(event.id, event.record);
  }
  byInstance.set(stats.instanceId, await stats.figures());
  const items = [...byInstance.values()].sort(
    (a, b) => codeUnitOrder(a.startedAt, b.startedAt) || codeUnitOrder(a.id, b.id),
  );
  return { items, lastEventId };
}
