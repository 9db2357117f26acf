import type { Delivery, EventLogReader, ResyncEvent } from './delivery.ts';
import { inScope, parseScope } from './scope.ts';
import type { Subscription, ViewerState } from './subscription.ts';

/** What a replay needs of the bus that started it. */
export interface ReplayHost<V extends ViewerState> {
  log: EventLogReader;
  batchSize: number;
  mayReceive(sub: Subscription<V>, audience: unknown, now: number): boolean;
  /** Counts and hands one replayed delivery to the subscription's sink. */
  handOver(sub: Subscription<V>, delivery: Delivery): void;
  /** A live delivery, as the bus would have made it had the subscription not been replaying. */
  offer(sub: Subscription<V>, delivery: Delivery): void;
}

/** False once the subscription has ended; waits while the consumer is behind. */
async function handOverReplayed<V extends ViewerState>(
  host: ReplayHost<V>,
  sub: Subscription<V>,
  delivery: Delivery,
): Promise<boolean> {
  if (sub.ended) return false;
  host.handOver(sub, delivery);
  const ready = sub.sink.whenReady();
  if (ready) await ready;
  return !sub.ended;
}

/**
 * Hands over everything after `after` this viewer may see (or a resync when the log no longer holds it),
 * then the live deliveries held back meanwhile, skipping what the replay already handed over.
 */
export async function replay<V extends ViewerState>(
  host: ReplayHost<V>,
  sub: Subscription<V>,
  after: number,
): Promise<void> {
  const bounds = await host.log.bounds();
  let cursor = after;
  if (after < bounds.trimmedThrough || after > bounds.lastId) {
    cursor = bounds.lastId;
    const event: ResyncEvent = {
      type: 'resync',
      reason: after > bounds.lastId ? 'unknown-event-id' : 'event-log-trimmed',
    };
    if (!(await handOverReplayed(host, sub, { id: cursor, event, payload: JSON.stringify(event) }))) return;
  }
  let full = true;
  while (full) {
    const rows = await host.log.after(cursor, host.batchSize);
    full = rows.length === host.batchSize;
    for (const row of rows) {
      cursor = row.id;
      // Each replaying subscriber reads these rows: parse only what it is going to receive.
      if (!sub.topics.includes(row.topic)) continue;
      if (sub.scope !== null && !inScope(sub.scope, parseScope(row.scope))) continue;
      if (!host.mayReceive(sub, JSON.parse(row.audience), Date.now())) continue;
      const delivery = { id: row.id, event: JSON.parse(row.payload), payload: row.payload };
      if (!(await handOverReplayed(host, sub, delivery))) return;
    }
    if (sub.ended) return;
  }
  const pending = sub.pending ?? [];
  sub.pending = null;
  sub.cursor = cursor;
  for (const delivery of pending) host.offer(sub, delivery);
}
