import { backoffDelay } from './backoff.ts';
import type { LiveMessageOf } from './events.ts';
import { createStore } from './store.ts';

export type LiveStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'live' }
  /** `retryAt` is missing while the stream's own EventSource reconnects, after the server's `retry:` hint. */
  | { state: 'reconnecting'; attempt: number; retryAt?: number; reason: string }
  | { state: 'offline' }
  /** The server closed this tab's stream to make room for a newer one: resuming is the person's call. */
  | { state: 'paused'; reason: string };

export interface StreamHandlers<M = LiveMessageOf> {
  onStarted(): void;
  onMessage(id: string, message: M): void;
  /** The server says it is ending the stream with a retryable error; `onInterrupted` follows. */
  onEnding(error: unknown): void;
  /**
   * The stream's connection dropped: its EventSource tries again by itself after the server's `retry:`
   * hint (spread with jitter by the server, so a restart is not a stampede).
   */
  onInterrupted(error: unknown): void;
  /** The stream is over and will not come back by itself; the server may be restarting or unreachable. */
  onLost(error: unknown): void;
  /** The server refused the stream because the session is gone: retrying cannot help. */
  onUnauthorized(error: unknown): void;
  /** The server closed the stream because this person has too many open; retrying would close another tab's. */
  onDisplaced(error: unknown): void;
}

/**
 * Opens the app's one live subscription from `lastEventId`; returns how to close it. `browser`, when given,
 * names the tabs sharing the stream: the server closes that browser's older stream when this one opens.
 */
export type OpenStream<M = LiveMessageOf> = (
  lastEventId: string,
  handlers: StreamHandlers<M>,
  browser?: string,
) => () => void;

export interface LiveConnectionOptions<M = LiveMessageOf> {
  open: OpenStream<M>;
  onMessage(id: string, message: M): void;
  onUnauthorized(error: unknown): void;
  isOnline?: () => boolean;
}

/** A connection that stays up this long has recovered: the next failure starts the backoff again. */
const STABLE_AFTER_MS = 5_000;
/** The server's `retry:` hints are about a second; an EventSource not back well after that has failed. */
const HINTED_RETRY_GRACE_MS = 5_000;

/**
 * The tab's one SSE stream. It remembers the last event id it received. When an open stream drops, its
 * EventSource comes back after the server's `retry:` hint; when that fails, or a stream never opens, it
 * reconnects with exponential backoff and jitter. It waits while the browser is offline, and stops for
 * good on UNAUTHORIZED.
 */
export class LiveConnection<M = LiveMessageOf> {
  readonly status = createStore<LiveStatus>({ state: 'idle' });
  private position: string | null = null;
  private browser: string | undefined;
  private attempt = 0;
  private generation = 0;
  private close: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current stream started and its connection has not dropped since. */
  private open = false;
  private readonly isOnline: () => boolean;

  constructor(private readonly options: LiveConnectionOptions<M>) {
    this.isOnline = options.isOnline ?? (() => navigator.onLine);
  }

  get running(): boolean {
    return this.position !== null;
  }

  /** The id of the newest event received (or the start position): where a reconnect resumes. */
  get lastEventId(): string | null {
    return this.position;
  }

  /** `browser` names the tabs this stream serves (see OpenStream); a tab on its own gives none. */
  start(fromEventId: string, browser?: string): void {
    this.stop();
    this.position = fromEventId;
    this.browser = browser;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.teardown();
    this.position = null;
    this.status.set({ state: 'idle' });
  }

  /** After a pause, when the person asks for live updates in this tab again. */
  resume(): void {
    if (!this.running || this.status.get().state !== 'paused') return;
    this.attempt = 0;
    this.connect();
  }

  /** The browser says the network is back: try at once rather than waiting out the backoff. */
  online(): void {
    if (!this.running || this.status.get().state === 'paused') return;
    this.attempt = 0;
    this.connect();
  }

  offline(): void {
    if (!this.running || this.status.get().state === 'paused') return;
    this.teardown();
    this.status.set({ state: 'offline' });
  }

  private connect(): void {
    this.teardown();
    if (!this.isOnline()) {
      this.status.set({ state: 'offline' });
      return;
    }
    if (this.attempt === 0) this.status.set({ state: 'connecting' });
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.close = this.options.open(
      this.position!,
      {
        onStarted: () => {
          if (!current()) return;
          this.open = true;
          clearTimeout(this.retryTimer);
          this.status.set({ state: 'live' });
          this.stableTimer = setTimeout(() => {
            this.attempt = 0;
          }, STABLE_AFTER_MS);
        },
        onMessage: (id, message) => {
          if (!current()) return;
          this.position = id;
          this.options.onMessage(id, message);
        },
        onEnding: (error) => {
          if (!current()) return;
          if (this.mayComeBackByItself()) this.awaitHintedRetry(error);
          else this.retryLater(error);
        },
        onInterrupted: (error) => {
          if (!current()) return;
          if (!this.mayComeBackByItself()) return this.retryLater(error);
          this.open = false;
          this.attempt = 1;
          this.awaitHintedRetry(error);
          // Not back in time: give up on it and reconnect from scratch.
          this.retryTimer = setTimeout(() => this.retryLater(error), HINTED_RETRY_GRACE_MS);
        },
        onLost: (error) => {
          if (current()) this.retryLater(error);
        },
        onUnauthorized: (error) => {
          if (!current()) return;
          this.stop();
          this.options.onUnauthorized(error);
        },
        onDisplaced: (error) => {
          if (!current()) return;
          this.teardown();
          const reason = error instanceof Error ? error.message : 'Too many live connections are open.';
          this.status.set({ state: 'paused', reason });
        },
      },
      this.browser,
    );
  }

  /** A stream that was open and stable comes back on the server's hint; one that keeps failing backs off. */
  private mayComeBackByItself(): boolean {
    return this.open && this.attempt === 0;
  }

  private awaitHintedRetry(error: unknown): void {
    clearTimeout(this.stableTimer);
    // The server's own reason (a restart), when it gave one, says more than the stream's end that follows.
    if (this.status.get().state === 'reconnecting') return;
    this.status.set({ state: 'reconnecting', attempt: 1, reason: reasonOf(error) });
  }

  private retryLater(error: unknown): void {
    this.teardown();
    if (!this.isOnline()) {
      this.status.set({ state: 'offline' });
      return;
    }
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.status.set({
      state: 'reconnecting',
      attempt: this.attempt,
      retryAt: Date.now() + delay,
      reason: reasonOf(error),
    });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private teardown(): void {
    this.generation += 1;
    this.open = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    const close = this.close;
    this.close = null;
    close?.();
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : 'The connection was interrupted.';
}
