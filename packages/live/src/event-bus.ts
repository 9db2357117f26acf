import { type Database, type EventLogRow, readEventLogBounds, readEventsAfter } from '@adopt/db';
import type { Kysely } from 'kysely';
import { type Audience, canSee } from './audience.ts';
import {
  DeliveryQueue,
  type DeliverySink,
  Subscription,
  SubscriptionEnded,
  type SubscriptionOwner,
  type ViewerState,
} from './subscriber.ts';
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
  /** Where a failed read of the log is reported (the database is down, say); the next wake-up retries. */
  onError?: (error: unknown) => void;
  /** Whether a viewer may receive an event of this audience; by default the app's rule. */
  canSee?: (audience: Audience, viewer: ViewerState) => boolean;
}

function addTo(index: Map<string, Set<Subscription>>, key: string, sub: Subscription): void {
  const set = index.get(key);
  if (set) set.add(sub);
  else index.set(key, new Set([sub]));
}

function removeFrom(index: Map<string, Set<Subscription>>, key: string, sub: Subscription): void {
  const set = index.get(key);
  set?.delete(sub);
  if (set?.size === 0) index.delete(key);
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
export class EventBus implements SubscriptionOwner {
  readonly subscribers = new Set<Subscription>();
  readonly stats = { deliveries: 0, dropped: 0 };
  /** Live subscriptions by topic, so an event visits only the subscribers of its topic. */
  private readonly byTopic = new Map<string, Set<Subscription>>();
  /** Signed-in subscriptions by user, so a per-person event visits only that person's subscriptions. */
  private readonly byUser = new Map<string, Set<Subscription>>();
  private dispatchedThrough = 0;
  private pumping: Promise<void> | null = null;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private readonly canSee: (audience: Audience, viewer: ViewerState) => boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: EventBusOptions = {},
  ) {
    this.maxQueue = options.maxQueue ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.canSee = options.canSee ?? canSee;
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
    // A failed read must not fail the commit that woke us nor crash the process: report it, and the
    // next wake-up or poll reads again from where dispatch stopped.
    this.pumping = this.pump()
      .catch((error: unknown) => {
        (this.options.onError ?? console.error)(error);
      })
      .finally(() => {
        this.pumping = null;
      });
    return this.pumping;
  }

  /** Listens first, then replays what the viewer missed, then goes live; never yields an id twice. */
  async *subscribe({ signal, ...options }: SubscribeOptions): AsyncGenerator<Delivery> {
    const queue = new DeliveryQueue(this.maxQueue);
    const sub = this.attach(options, queue);
    queue.subscription = sub;
    const leave = () => sub.end();
    signal?.addEventListener('abort', leave, { once: true });
    try {
      while (true) {
        const delivery = await queue.next();
        if (!delivery) return;
        yield delivery;
      }
    } finally {
      signal?.removeEventListener('abort', leave);
      sub.end();
    }
  }

  /**
   * The callback form of `subscribe`, for transports that write each delivery straight out: the same
   * resume rules, with no per-subscriber generator or promise on the live path.
   */
  attach({ topics, viewer, after }: Omit<SubscribeOptions, 'signal'>, sink: DeliverySink): Subscription {
    const sub = new Subscription([...new Set(topics)], viewer, sink, this);
    sub.cursor = this.dispatchedThrough;
    this.subscribers.add(sub);
    for (const topic of sub.topics) addTo(this.byTopic, topic, sub);
    if (viewer.userId !== null) addTo(this.byUser, viewer.userId, sub);
    if (after !== null) {
      sub.pending = [];
      this.replay(sub, after).catch((error: unknown) =>
        sub.end(error instanceof Error ? error : new Error(String(error))),
      );
    }
    return sub;
  }

  /** Called by a subscription as it ends. */
  detach(sub: Subscription, reason: Error | null): void {
    this.subscribers.delete(sub);
    for (const topic of sub.topics) removeFrom(this.byTopic, topic, sub);
    if (sub.viewer.userId !== null) removeFrom(this.byUser, sub.viewer.userId, sub);
    if (reason instanceof SubscriptionEnded && reason.reason === 'too-slow') this.stats.dropped += 1;
  }

  /** Hands over everything after `after` this viewer may see (or a resync), then what arrived meanwhile. */
  private async replay(sub: Subscription, after: number): Promise<void> {
    const bounds = await readEventLogBounds(this.db);
    let cursor = after;
    if (after < bounds.trimmedThrough || after > bounds.lastId) {
      cursor = bounds.lastId;
      const event: ResyncEvent = {
        type: 'resync',
        reason: after > bounds.lastId ? 'unknown-event-id' : 'event-log-trimmed',
      };
      if (!(await this.handOverReplayed(sub, { id: cursor, event, payload: JSON.stringify(event) }))) return;
    }
    let full = true;
    while (full) {
      const rows = await readEventsAfter(this.db, cursor, this.batchSize);
      full = rows.length === this.batchSize;
      for (const row of rows) {
        cursor = row.id;
        // Each replaying subscriber reads these rows: parse only what it is going to receive.
        if (!sub.topics.includes(row.topic as Topic) || !this.mayReceive(sub, JSON.parse(row.audience), Date.now()))
          continue;
        const delivery = { id: row.id, event: JSON.parse(row.payload) as LiveEvent, payload: row.payload };
        if (!(await this.handOverReplayed(sub, delivery))) return;
      }
      if (sub.ended) return;
    }
    const pending = sub.pending ?? [];
    sub.pending = null;
    sub.cursor = cursor;
    for (const delivery of pending) this.offer(sub, delivery);
  }

  /** False once the subscription has ended; waits while the consumer is behind. */
  private async handOverReplayed(sub: Subscription, delivery: Delivery): Promise<boolean> {
    if (sub.ended) return false;
    this.stats.deliveries += 1;
    sub.sink.deliver(delivery);
    const ready = sub.sink.whenReady();
    if (ready) await ready;
    return !sub.ended;
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
    const now = Date.now();
    const { audience } = row;
    if (audience.everyone || audience.admins) {
      for (const sub of this.byTopic.get(row.topic) ?? []) {
        if (this.mayReceive(sub, audience, now)) this.offer(sub, delivery);
      }
      return;
    }
    // Only the people named can see it: visit their subscriptions, not the whole topic's.
    for (const userId of new Set(audience.users)) {
      for (const sub of this.byUser.get(userId) ?? []) {
        if (sub.topics.includes(row.topic as Topic) && this.mayReceive(sub, audience, now)) this.offer(sub, delivery);
      }
    }
  }

  /** Live delivery: held back during a replay, skipped if the replay already handed it over. */
  private offer(sub: Subscription, delivery: Delivery): void {
    if (sub.pending) {
      if (sub.pending.length >= this.maxQueue) sub.end(new SubscriptionEnded('too-slow'));
      else sub.pending.push(delivery);
      return;
    }
    if (delivery.id <= sub.cursor) return;
    sub.cursor = delivery.id;
    this.stats.deliveries += 1;
    sub.sink.deliver(delivery);
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

  /** Decided at delivery time against the viewer's current session and role. */
  private mayReceive(sub: Subscription, audience: Audience, now: number): boolean {
    if (sub.viewer.expiresAt !== null && sub.viewer.expiresAt <= now) {
      sub.end(new SubscriptionEnded('session-ended'));
      return false;
    }
    return this.canSee(audience, sub.viewer);
  }

  /** Committed events this instance has not dispatched yet. */
  async lag(): Promise<number> {
    return (await readEventLogBounds(this.db)).lastId - this.dispatchedThrough;
  }

  /** Open subscriptions per topic, for health and metrics. */
  countByTopic(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [topic, subs] of this.byTopic) counts[topic] = subs.size;
    return counts;
  }
}
