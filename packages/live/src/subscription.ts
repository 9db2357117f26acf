import type { Delivery } from './delivery.ts';
import type { Scope } from './scope.ts';

/**
 * What the bus knows of a subscriber's viewer: who they are and when their session ends, plus whatever
 * rights the app's audience rule reads. The app updates it in place when their rights change.
 */
export interface ViewerState {
  userId: string | null;
  sessionId: string | null;
  /** Epoch ms when the session expires; null for anonymous viewers. */
  expiresAt: number | null;
}

export type EndReason = 'session-ended' | 'too-slow' | 'server-shutdown';

/** Thrown out of a subscription when the server ends it; the reason says whether resuming makes sense. */
export class SubscriptionEnded extends Error {
  /** `message` replaces the stock wording when the app knows better (why a session ended, say). */
  constructor(
    readonly reason: EndReason,
    message?: string,
  ) {
    super(
      message ??
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
export interface SubscriptionOwner<V extends ViewerState> {
  detach(subscription: Subscription<V>, reason: Error | null): void;
}

/** One open subscription as the bus tracks it. Kept small: a server may hold tens of thousands. */
export class Subscription<V extends ViewerState = ViewerState> {
  /** The highest event id this subscription has been handed or has skipped past. */
  cursor = 0;
  /** Live deliveries held back while the log is replayed; null once the subscription is live. */
  pending: Delivery[] | null = null;
  ended = false;

  constructor(
    readonly topics: readonly string[],
    readonly viewer: V,
    readonly sink: DeliverySink,
    private readonly owner: SubscriptionOwner<V>,
    /** Only events whose scope fields equal these reach this subscription; null takes every event. */
    readonly scope: Scope | null = null,
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
