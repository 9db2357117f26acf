import { type Database, type EventLogRow, readEventLogBounds, readEventsAfter } from '@adopt/db';
import type { Kysely } from 'kysely';
import { type Audience, canSee } from './audience.ts';
import { Subscriber, SubscriptionEnded, type ViewerState } from './subscriber.ts';
import type { ControlEvent, LiveEvent, ResyncEvent, Topic } from './topics.ts';

/** One event on its way to subscribers. `payload` is its JSON, serialised once and shared by all. */
export interface Delivery {
  id: number;
  event: LiveEvent | ResyncEvent;
  payload: string;
}

export interface SubscribeOptions {
  topics: readonly Topic[];
  viewer: ViewerState;
  /** Resume after this event id; null starts from now. */
  after: number | null;
  signal?: AbortSignal;
}

export interface EventBusOptions {
  /** Deliveries a subscriber may have waiting before it is cut off as too slow. */
  maxQueue?: number;
  /** Safety net for wake-ups that never arrive (another process writing, a lost NOTIFY). */
  pollIntervalMs?: number;
  batchSize?: number;
}

interface DecodedRow {
  id: number;
  topic: string;
  event: LiveEvent | ControlEvent;
  audience: Audience;
  payload: string;
}

function decode(row: EventLogRow): DecodedRow {
  return {
    id: row.id,
    topic: row.topic,
    event: JSON.parse(row.payload),
    audience: JSON.parse(row.audience),
    payload: row.payload,
  };
}

/**
 * Reads the event log in id order and hands each event to the subscribers allowed to see it.
 * The log is the source of truth: a wake-up only says "read again".
 */
export class EventBus {
  readonly subscribers = new Set<Subscriber>();
  readonly stats = { deliveries: 0, dropped: 0 };
  private dispatchedThrough = 0;
  private pumping: Promise<void> | null = null;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxQueue: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: EventBusOptions = {},
  ) {
    this.maxQueue = options.maxQueue ?? 1000;
    this.batchSize = options.batchSize ?? 500;
  }

  async start(): Promise<void> {
    this.dispatchedThrough = (await readEventLogBounds(this.db)).lastId;
    const interval = this.options.pollIntervalMs ?? 1000;
    if (interval > 0) {
      this.timer = setInterval(() => {
        this.endExpiredSessions(Date.now());
        this.wake();
      }, interval);
      this.timer.unref();
    }
  }

  /** A session runs out without any event to notice it: its streams end within one poll interval all the same. */
  private endExpiredSessions(now: number): void {
    for (const sub of this.subscribers) {
      if (sub.viewer.expiresAt !== null && sub.viewer.expiresAt <= now) sub.end(new SubscriptionEnded('session-ended'));
    }
  }

  /** Ends every stream (shutdown); clients reconnect elsewhere and resume. */
  stop(): void {
    clearInterval(this.timer);
    for (const sub of this.subscribers) sub.end(new SubscriptionEnded('server-shutdown'));
  }

  /** Called after a commit (or a NOTIFY): reads and dispatches whatever is new. */
  wake(): Promise<void> {
    if (this.pumping) {
      this.wakeAgain = true;
      return this.pumping;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  private async pump(): Promise<void> {
    do {
      this.wakeAgain = false;
      let rows: EventLogRow[];
      do {
        rows = await readEventsAfter(this.db, this.dispatchedThrough, this.batchSize);
        for (const row of rows) {
          this.dispatch(decode(row));
          this.dispatchedThrough = row.id;
        }
      } while (rows.length === this.batchSize);
    } while (this.wakeAgain);
  }

  private dispatch(row: DecodedRow): void {
    if (row.topic.startsWith('$')) {
      this.applyControl(row.event as ControlEvent);
      return;
    }
    const delivery: Delivery = { id: row.id, event: row.event as LiveEvent, payload: row.payload };
    for (const sub of this.subscribers) {
      if (!this.isFor(sub, row)) continue;
      if (sub.queue.length >= this.maxQueue) {
        sub.end(new SubscriptionEnded('too-slow'));
        this.stats.dropped += 1;
        continue;
      }
      sub.push(delivery);
      this.stats.deliveries += 1;
    }
  }

  private applyControl(event: ControlEvent): void {
    for (const sub of this.subscribers) {
      if (event.topic === '$session' && sub.viewer.sessionId === event.id) {
        sub.end(new SubscriptionEnded('session-ended'));
      } else if (event.topic === '$user' && sub.viewer.userId === event.id) {
        sub.viewer.role = event.role;
      }
    }
  }

  /** Listens first, then replays what the viewer missed, then goes live; never yields an id twice. */
  async *subscribe({ topics, viewer, after, signal }: SubscribeOptions): AsyncGenerator<Delivery> {
    const sub = new Subscriber(new Set(topics), viewer, signal);
    this.subscribers.add(sub);
    try {
      let cursor = this.dispatchedThrough;
      if (after !== null) {
        const bounds = await readEventLogBounds(this.db);
        cursor = after;
        if (after < bounds.trimmedThrough || after > bounds.lastId) {
          cursor = bounds.lastId;
          const event: ResyncEvent = {
            type: 'resync',
            reason: after > bounds.lastId ? 'unknown-event-id' : 'event-log-trimmed',
          };
          yield { id: cursor, event, payload: JSON.stringify(event) };
        }
        let full = true;
        while (full) {
          const rows = await readEventsAfter(this.db, cursor, this.batchSize);
          full = rows.length === this.batchSize;
          for (const row of rows.map(decode)) {
            cursor = row.id;
            if (!this.isFor(sub, row)) continue;
            yield { id: row.id, event: row.event as LiveEvent, payload: row.payload };
          }
        }
      }
      while (true) {
        const delivery = await sub.next();
        if (!delivery) return;
        if (delivery.id <= cursor) continue;
        cursor = delivery.id;
        yield delivery;
      }
    } finally {
      this.subscribers.delete(sub);
      sub.end();
    }
  }

  private isFor(sub: Subscriber, row: DecodedRow): boolean {
    if (row.topic.startsWith('$') || !sub.topics.has(row.topic as Topic)) return false;
    if (sub.viewer.expiresAt !== null && sub.viewer.expiresAt <= Date.now()) {
      sub.end(new SubscriptionEnded('session-ended'));
      return false;
    }
    return canSee(row.audience, sub.viewer);
  }

  /** Committed events this instance has not dispatched yet. */
  async lag(): Promise<number> {
    return (await readEventLogBounds(this.db)).lastId - this.dispatchedThrough;
  }

  /** Open subscriptions per topic, for health and metrics. */
  countByTopic(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const sub of this.subscribers) {
      for (const topic of sub.topics) counts[topic] = (counts[topic] ?? 0) + 1;
    }
    return counts;
  }
}
