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

/** One open subscription: a bounded queue of deliveries and a way to wait for the next one. */
export class Subscriber {
  readonly queue: Delivery[] = [];
  ended = false;
  private error: SubscriptionEnded | null = null;
  private waiting: (() => void) | null = null;

  constructor(
    readonly topics: ReadonlySet<Topic>,
    readonly viewer: ViewerState,
    signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', () => this.end(), { once: true });
  }

  push(delivery: Delivery): void {
    if (this.ended) return;
    this.queue.push(delivery);
    this.wakeUp();
  }

  /** Ends the subscription; with an error, the consumer receives it after nothing more. */
  end(error?: SubscriptionEnded): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error ?? null;
    this.queue.length = 0;
    this.wakeUp();
  }

  /** The next delivery; null once the consumer has gone; throws when the server ended the subscription. */
  async next(): Promise<Delivery | null> {
    while (true) {
      if (this.error) throw this.error;
      if (this.ended) return null;
      const delivery = this.queue.shift();
      if (delivery) return delivery;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  private wakeUp(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
