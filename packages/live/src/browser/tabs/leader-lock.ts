export interface LeaderLockEvents {
  /** This tab holds the lock now: it leads. */
  granted(): void;
  /** Another tab took the lock from this one while it held it (this page was frozen or hung). */
  lost(): void;
}

/**
 * The Web Lock that makes a tab the leader. A tab waits in line for it; a tab that finds the leader hung
 * takes it (`steal`), and the tab it was taken from hears `lost` when its page runs again.
 */
export class LeaderLock {
  private waiting: AbortController | null = null;
  private release: (() => void) | undefined;
  private requests = 0;
  /** The request whose grant is in force; 0 while this tab does not hold the lock. */
  private held = 0;
  private closed = false;

  constructor(
    private readonly locks: LockManager,
    private readonly name: string,
    private readonly events: LeaderLockEvents,
  ) {}

  /** Waits in line: granted when the tab holding the lock closes or gives it up. */
  queue(): void {
    const waiting = new AbortController();
    this.waiting = waiting;
    this.request({ signal: waiting.signal });
  }

  /** Takes the lock from the tab holding it, ahead of any tab waiting (a stealing request takes no signal). */
  steal(): void {
    this.waiting?.abort();
    this.waiting = null;
    this.request({ steal: true });
  }

  close(): void {
    this.closed = true;
    this.waiting?.abort();
    this.release?.();
  }

  private request(options: LockOptions): void {
    const request = ++this.requests;
    this.locks
      .request(this.name, options, () => {
        if (this.closed) return;
        this.held = request;
        this.waiting = null;
        this.events.granted();
        return new Promise<void>((resolve) => {
          this.release = resolve;
        });
      })
      .catch(() => {
        // Otherwise the request was withdrawn before it was granted: nothing to do.
        if (this.held !== request || this.closed) return;
        this.held = 0;
        this.release = undefined;
        this.events.lost();
      });
  }
}
