import type { Unsubscribable } from '@trpc/server/observable';

export interface Received<T> {
  id: string;
  data: T;
}

type SubscribeFn<T> = (observer: {
  onData: (value: Received<T>) => void;
  onError: (error: unknown) => void;
  onComplete: () => void;
}) => Unsubscribable;

/**
 * Collects what a subscription yields so a test can await what it expects, with a timeout,
 * instead of sleeping.
 */
export class LiveRecorder<T> {
  readonly received: Received<T>[] = [];
  error: unknown = null;
  completed = false;
  private readonly subscription: Unsubscribable;
  private waiters = new Set<() => void>();

  constructor(subscribe: SubscribeFn<T>) {
    this.subscription = subscribe({
      onData: (value) => {
        this.received.push(value);
        this.notify();
      },
      onError: (error) => {
        this.error = error;
        this.notify();
      },
      onComplete: () => {
        this.completed = true;
        this.notify();
      },
    });
  }

  get data(): T[] {
    return this.received.map((r) => r.data);
  }

  get lastEventId(): string | null {
    return this.received.at(-1)?.id ?? null;
  }

  /** Resolves with the first received item that matches, waiting up to `timeoutMs`. */
  async waitFor(match: (data: T, id: string) => boolean, timeoutMs = 5000): Promise<Received<T>> {
    return this.until(() => this.received.find((r) => match(r.data, r.id)), timeoutMs, 'a matching event');
  }

  /** Resolves once `count` items have arrived. */
  async waitForCount(count: number, timeoutMs = 5000): Promise<Received<T>[]> {
    await this.until(() => (this.received.length >= count ? true : undefined), timeoutMs, `${count} events`);
    return this.received.slice(0, count);
  }

  /** Resolves with the error that ended the subscription. */
  async waitForError(timeoutMs = 5000): Promise<unknown> {
    return this.until(() => this.error ?? undefined, timeoutMs, 'the subscription to fail');
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private until<R>(check: () => R | undefined, timeoutMs: number, what: string): Promise<R> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          clearTimeout(timer);
          this.waiters.delete(attempt);
          resolve(value);
          return true;
        }
        if (this.error && what !== 'the subscription to fail') {
          clearTimeout(timer);
          this.waiters.delete(attempt);
          reject(this.error);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(
          new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; received ${JSON.stringify(this.received)}`),
        );
      }, timeoutMs);
      if (!attempt()) this.waiters.add(attempt);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
