import { browserLocks } from '../tabs/browser-locks.ts';

/** What the tabs of one person tell each other about the write queue. */
export type QueueMessage =
  /** The stored queue changed (a write added, refused, dismissed, sent): read it again. */
  | { kind: 'changed' }
  /** A write was answered: keep its overlay until the stream passes `lastEventId`. */
  | { kind: 'committed'; key: string; result: unknown; lastEventId: number | null };

export interface QueueTabsHandlers {
  /** This tab now holds the lock: it sends the queue for every tab of the browser. */
  becameSender(): void;
  heard(message: QueueMessage): void;
}

/**
 * One sender per browser and person: the tab holding the Web Lock `name:userId` sends; every tab hears the
 * others over a BroadcastChannel of the same name. Without these APIs each tab is its own sender.
 */
export class QueueTabs {
  private readonly channel: BroadcastChannel | null;
  private readonly release = new AbortController();
  private released: (() => void) | undefined;

  constructor(name: string, userId: string, handlers: QueueTabsHandlers) {
    const locks = browserLocks();
    this.channel = locks ? new BroadcastChannel(`${name}:${userId}`) : null;
    if (!locks || !this.channel) {
      queueMicrotask(() => handlers.becameSender());
      return;
    }
    this.channel.onmessage = (event: MessageEvent<QueueMessage>) => handlers.heard(event.data);
    locks
      .request(`${name}:${userId}`, { signal: this.release.signal }, () => {
        handlers.becameSender();
        // Held until this tab stops or closes; then the next tab in the lock's queue sends.
        return new Promise<void>((resolve) => {
          this.released = resolve;
        });
      })
      .catch(() => {
        // Aborted while waiting for the lock: this tab stopped before it became the sender.
      });
  }

  tell(message: QueueMessage): void {
    this.channel?.postMessage(message);
  }

  close(): void {
    this.release.abort();
    this.released?.();
    this.channel?.close();
  }
}
