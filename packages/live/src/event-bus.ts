import type { Delivery, EventLogReader, LogRow } from './delivery.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { type ReplayHost, replay } from './replay.ts';
import { inScope, parseScope, type Scope } from './scope.ts';
import { SubscriberIndex } from './subscriber-index.ts';
import { type DeliverySink, Subscription, SubscriptionEnded, type ViewerState } from './subscription.ts';

export interface SubscribeOptions<V extends ViewerState> {
  topics: readonly string[];
  viewer: V;
  /** Resume after this event id; null starts from now. */
  after: number | null;
  /** Only events of this scope (e.g. one post's comments); matched against each event's scope fields. */
  scope?: Scope | null;
  signal?: AbortSignal;
}

/** How the app decides who receives what: the bus knows audiences only through these. */
export interface AudienceRule<V extends ViewerState, A> {
  /** Decided at delivery time, against the viewer's current rights. */
  canSee(audience: A, viewer: V): boolean;
  /** The users an audience is limited to, or null when it reaches further (everyone, a role). */
  onlyUsers(audience: A): readonly string[] | null;
}

export interface EventBusOptions<V extends ViewerState, A> {
  log: EventLogReader;
  audiences: AudienceRule<V, A>;
  /** Events on topics starting with `$` are for the servers: this hook applies them to open subscriptions. */
  onControl?: (event: unknown, subscriptions: Iterable<Subscription<V>>) => void;
  /** Told when a subscription opens and when it ends, e.g. to derive who is online from open streams. */
  onViewerConnected?: (subscription: Subscription<V>) => void;
  onViewerDisconnected?: (subscription: Subscription<V>) => void;
  /** Deliveries a subscriber may have waiting before it is cut off as too slow. */
  maxQueue?: number;
  /** Safety net for wake-ups that never arrive (another process writing, a lost NOTIFY). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Where a failed read of the log is reported (the database is down, say); the next wake-up retries. */
  onError?: (error: unknown) => void;
}

/**
 * Reads the event log in id order and hands each event to the subscribers allowed to see it.
 * The log is the source of truth: a wake-up only says "read again".
 */
export class EventBus<V extends ViewerState = ViewerState, A = unknown> {
  readonly stats = { deliveries: 0, dropped: 0 };
  private readonly index = new SubscriberIndex<V>();
  private dispatchedThrough = 0;
  private pumping: Promise<void> | null = null;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Set from the moment polling resumes until its first read is done; resolves to the log's last id then. */
  private catchingUp: Promise<number> | null = null;
  private readonly maxQueue: number;
  private readonly batchSize: number;

  private readonly replayHost: ReplayHost<V>;

  constructor(private readonly options: EventBusOptions<V, A>) {
    this.maxQueue = options.maxQueue ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.replayHost = {
      log: options.log,
      batchSize: this.batchSize,
      mayReceive: (sub, audience, now) => this.mayReceive(sub, audience as A, now),
      handOver: (sub, delivery) => {
        this.stats.deliveries += 1;
        sub.sink.deliver(delivery);
      },
      offer: (sub, delivery) => this.offer(sub, delivery),
    };
  }

  get subscribers(): ReadonlySet<Subscription<V>> {
    return this.index.all;
  }

  async start(): Promise<void> {
    this.dispatchedThrough = (await this.options.log.bounds()).lastId;
  }

  /**
   * Polls only while someone subscribes: an idle server reads nothing (local commits still wake it). After
   * an idle spell the cursor may lag behind other processes' commits, so until the first poll has caught
   * up, a subscription that starts from now takes its start from the log.
   */
  private watch(): void {
    const interval = this.options.pollIntervalMs ?? 1000;
    if (this.timer || this.stopped || interval <= 0) return;
    this.timer = setInterval(() => {
      this.endExpiredSessions(Date.now());
      this.wake();
    }, interval);
    this.timer.unref();
    const caughtUp = (async () => {
      const { lastId } = await this.options.log.bounds();
      await this.wake();
      return lastId;
    })().catch((error: unknown) => {
      (this.options.onError ?? console.error)(error);
      return this.dispatchedThrough;
    });
    this.catchingUp = caughtUp;
    void caughtUp.then(() => {
      if (this.catchingUp === caughtUp) this.catchingUp = null;
    });
  }

  /** A subscription from now, while the cursor may be behind: held back until the log says where now is. */
  private startFromNow(sub: Subscription<V>, caughtUp: Promise<number>): void {
    sub.pending = [];
    void caughtUp.then((lastId) => {
      if (sub.ended) return;
      const pending = sub.pending ?? [];
      sub.pending = null;
      sub.cursor = Math.max(sub.cursor, lastId);
      for (const delivery of pending) this.offer(sub, delivery);
    });
  }

  /** A session runs out without any event to notice it: its streams end within one poll interval all the same. */
  private endExpiredSessions(now: number): void {
    for (const sub of this.index.all) {
      if (sub.viewer.expiresAt !== null && sub.viewer.expiresAt <= now) sub.end(new SubscriptionEnded('session-ended'));
    }
  }

  /** Ends every stream (shutdown); clients reconnect elsewhere and resume. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const sub of this.index.all) sub.end(new SubscriptionEnded('server-shutdown'));
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
  async *subscribe({ signal, ...options }: SubscribeOptions<V>): AsyncGenerator<Delivery> {
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
  attach({ topics, viewer, after, scope }: Omit<SubscribeOptions<V>, 'signal'>, sink: DeliverySink): Subscription<V> {
    const sub = new Subscription<V>([...new Set(topics)], viewer, sink, this, scope ?? null);
    sub.cursor = this.dispatchedThrough;
    this.index.add(sub);
    this.options.onViewerConnected?.(sub);
    this.watch();
    if (after !== null) {
      sub.pending = [];
      replay(this.replayHost, sub, after).catch((error: unknown) =>
        sub.end(error instanceof Error ? error : new Error(String(error))),
      );
    } else if (this.catchingUp) {
      this.startFromNow(sub, this.catchingUp);
    }
    return sub;
  }

  /** Called by a subscription as it ends. */
  detach(sub: Subscription<V>, reason: Error | null): void {
    this.index.remove(sub);
    this.options.onViewerDisconnected?.(sub);
    if (this.index.all.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (reason instanceof SubscriptionEnded && reason.reason === 'too-slow') this.stats.dropped += 1;
  }

  private async pump(): Promise<void> {
    do {
      this.wakeAgain = false;
      let rows: LogRow[];
      do {
        rows = await this.options.log.after(this.dispatchedThrough, this.batchSize);
        for (const row of rows) {
          this.dispatch(row);
          this.dispatchedThrough = row.id;
        }
      } while (rows.length === this.batchSize);
    } while (this.wakeAgain);
  }

  private dispatch(row: LogRow): void {
    if (row.topic.startsWith('$')) {
      this.options.onControl?.(JSON.parse(row.payload), this.index.all);
      return;
    }
    const audience = JSON.parse(row.audience) as A;
    const subs = this.index.candidates(row.topic, this.options.audiences.onlyUsers(audience));
    const delivery: Delivery = { id: row.id, event: JSON.parse(row.payload), payload: row.payload };
    const scope = parseScope(row.scope);
    const now = Date.now();
    for (const sub of subs) {
      if (inScope(sub.scope, scope) && this.mayReceive(sub, audience, now)) this.offer(sub, delivery);
    }
  }

  /** Live delivery: held back during a replay, skipped if the replay already handed it over. */
  private offer(sub: Subscription<V>, delivery: Delivery): void {
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

  /** Decided at delivery time against the viewer's current session and rights. */
  private mayReceive(sub: Subscription<V>, audience: A, now: number): boolean {
    if (sub.viewer.expiresAt !== null && sub.viewer.expiresAt <= now) {
      sub.end(new SubscriptionEnded('session-ended'));
      return false;
    }
    return this.options.audiences.canSee(audience, sub.viewer);
  }

  /** Committed events this instance has not dispatched yet. */
  async lag(): Promise<number> {
    return (await this.options.log.bounds()).lastId - this.dispatchedThrough;
  }

  /** Open subscriptions per topic, for health and metrics. */
  countByTopic(): Record<string, number> {
    return this.index.countByTopic();
  }
}
