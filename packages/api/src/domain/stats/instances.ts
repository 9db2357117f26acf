import { codeUnitOrder, readEventLogBounds, readTopicEventsAfter } from '@adopt/db';
import { readSnapshot } from '../../live/commit.ts';
import type { InstanceStatsRecord } from '../../records.ts';
import type { Services } from '../../services.ts';

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
    const record = (JSON.parse(row.payload) as { record: InstanceStatsRecord }).record;
    if (record.at >= fresh) byInstance.set(record.id, record);
  }
  byInstance.set(stats.instanceId, await stats.figures());
  const items = [...byInstance.values()].sort(
    (a, b) => codeUnitOrder(a.startedAt, b.startedAt) || codeUnitOrder(a.id, b.id),
  );
  return { items, lastEventId };
}
