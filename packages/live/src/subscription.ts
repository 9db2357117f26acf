import type { ViewerRights } from './audience.ts';
import type { Delivery } from './event-bus.ts';
import type { Topic } from './topics.ts';

/** What the bus knows of a subscriber's viewer; updated in place when their session or role changes. */
export interface ViewerState extends ViewerRights {
  sessionId: string | null;
  /** Epoch ms when the session expires; null for anonymous viewers. */
  expiresAt: number | null;
}

export type EndReason = 'session-ended' | 'too-slow' | 'server-shutdown';

/** Thrown out of a subscription when the server ends it; the reason says whether resuming makes sense. */
export class SubscriptionEnded extends Error {
  constructor(readonly reason: EndReason) {
    super(
      {
        'session-ended': 'Your session ended. Log in again to keep receiving updates.',
        'too-slow': 'This connection fell too far behind and was closed. Reconnect to resume where you left off.',
        'server-shutdown': 'The server is restarting. Reconnect to resume where you left off.',
      }[reason],
    );
    this.name = 'SubscriptionEnded';
  }
}

/**
 * Where the bus hands one subscription's deliveries: an async-iterator queue in process, or an HTTP
 * response that a transport writes to directly.
 */
export interface DeliverySink {
  /**
   * One delivery, in id order, never an id twice. Live deliveries arrive synchronously from the bus's
   * dispatch loop, shared by every subscriber, so this must not block or modify them.
   */
  deliver(delivery: Delivery): void;
  /** While replaying the log the bus waits on this between deliveries; null when the consumer has room now. */
  whenReady(): Promise<void> | null;
  /** The subscription is over: with the error when the server ended it, null when the consumer left. */
  closed(reason: Error | null): void;
}

/** Who keeps track of subscriptions: told when one ends. */
export interface SubscriptionOwner {
  detach(subscription: Subscription, reason: Error | null): void;
}

/** One open subscription as the bus tracks it. Kept small: a server may hold tens of thousands. */
export class Subscription {
  /** The highest event id this subscription has been handed or has skipped past. */
  cursor = 0;
  /** Live deliveries held back while the log is replayed; null once the subscription is live. */
  pending: Delivery[] | null = null;
  ended = false;

  constructor(
    readonly topics: readonly Topic[],
    readonly viewer: ViewerState,
    readonly sink: DeliverySink,
    private readonly owner: SubscriptionOwner,
  ) {}

  /** Stops deliveries and tells the sink; idempotent. */
  end(reason: Error | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = null;
    this.owner.detach(this, reason);
    this.sink.closed(reason);
  }
}

/** Replays stop here until the consumer catches up, so a long replay never piles up in memory. */
const REPLAY_HIGH_WATER = 64;

/** A bounded queue of deliveries with a way to wait for the next one: the sink behind `EventBus.subscribe`. */
export class DeliveryQueue implements DeliverySink {
  subscription: Subscription | null = null;
  private readonly queue: Delivery[] = [];
  private done = false;
  private reason: Error | null = null;
  private waiting: (() => void) | null = null;
  private emptied: (() => void) | null = null;

  constructor(private readonly maxQueue: number) {}

  deliver(delivery: Delivery): void {
    if (this.queue.length >= this.maxQueue) {
      this.subscription?.end(new SubscriptionEnded('too-slow'));
      return;
    }
    this.queue.push(delivery);
    this.wakeConsumer();
  }

  whenReady(): Promise<void> | null {
    if (this.done || this.queue.length < REPLAY_HIGH_WATER) return null;
    return new Promise((resolve) => {
      this.emptied = resolve;
    });
  }

  closed(reason: Error | null): void {
    this.done = true;
    this.reason = reason;
    this.queue.length = 0;
    this.wakeConsumer();
    this.wakeProducer();
  }

  /** The next delivery; null once the consumer has gone; throws when the server ended the subscription. */
  async next(): Promise<Delivery | null> {
    while (true) {
      if (this.reason) throw this.reason;
      if (this.done) return null;
      const delivery = this.queue.shift();
      if (delivery) {
        if (this.queue.length === 0) this.wakeProducer();
        return delivery;
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  private wakeConsumer(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  private wakeProducer(): void {
    const emptied = this.emptied;
    this.emptied = null;
    emptied?.();
  }
}
