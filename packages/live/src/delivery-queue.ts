import type { Delivery } from './delivery.ts';
import { type DeliverySink, type Subscription, SubscriptionEnded } from './subscription.ts';

/** Replays stop here until the consumer catches up, so a long replay never piles up in memory. */
const REPLAY_HIGH_WATER = 64;

/** A bounded queue of deliveries with a way to wait for the next one: the sink behind `EventBus.subscribe`. */
export class DeliveryQueue implements DeliverySink {
  subscription: Pick<Subscription, 'end'> | null = null;
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
