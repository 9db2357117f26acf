import type { LiveConnection, LiveStatus } from '../connection.ts';
import type { LiveMessageOf } from '../events.ts';
import type { Store } from '../store.ts';
import type { Numbered } from './recent-events.ts';
import { SeenEvents } from './seen-events.ts';
import type { TabMessage } from './tab-messages.ts';

export type TabRole = 'idle' | 'alone' | 'joining' | 'follower' | 'leader';

export interface SharedStreamOptions<M> {
  /** Names the Web Lock and the BroadcastChannel: tabs with the same name share one stream. */
  name: string;
  locks: LockManager;
  connection: LiveConnection<M>;
  status: Store<LiveStatus>;
  role: Store<TabRole>;
  onMessage(id: string, message: M): void;
  /** Events kept for tabs that join later. */
  recentEvents: number;
  /** How long a joining tab waits for the leader before it says so. */
  joinTimeoutMs: number;
}

/**
 * This tab's part in the browser's one stream for one person. The tab holding the Web Lock is the
 * leader: it runs the connection and relays each message and its state over a BroadcastChannel. The
 * others follow; a tab that joins asks the leader for what its snapshots miss. Every tab remembers the
 * newest event id it has seen and the last few events, so whichever takes over resumes from there.
 */
export class SharedStream<M extends LiveMessageOf> {
  private readonly channel: BroadcastChannel;
  private readonly lockRequest = new AbortController();
  private releaseLock: (() => void) | undefined;
  private readonly seen: SeenEvents<M>;
  private readonly tab = crypto.randomUUID();
  /** Relayed events that came before this joining tab's catch-up, applied after it. */
  private held: Numbered<M>[] = [];
  private joinTimer: ReturnType<typeof setTimeout> | undefined;
  private stopFollowingStatus: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly options: SharedStreamOptions<M>,
    from: string,
  ) {
    this.seen = new SeenEvents(options.recentEvents, from);
    this.channel = new BroadcastChannel(options.name);
    this.channel.onmessage = (event: MessageEvent<TabMessage<M>>) => this.heard(event.data);
    options.role.set('joining');
    options.status.set({ state: 'connecting' });
    this.hello();
    options.locks
      .request(options.name, { signal: this.lockRequest.signal }, () => {
        if (this.closed) return;
        this.lead();
        return new Promise<void>((resolve) => {
          this.releaseLock = resolve;
        });
      })
      .catch(() => {
        // Aborted: this tab left before it got the lock.
      });
  }

  get role(): TabRole {
    return this.options.role.get();
  }

  /** Where the stream must resume to miss nothing this tab needs. */
  get lastEventId(): string {
    return this.seen.lastEventId;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.joinTimer);
    this.lockRequest.abort();
    if (this.role === 'leader') {
      this.stopFollowingStatus?.();
      this.options.connection.stop();
    }
    this.releaseLock?.();
    this.channel.close();
  }

  /** A message from this tab's own connection, as leader. */
  streamed(id: string, message: M): void {
    if (this.closed) return;
    this.deliver(id, message);
    this.post({ kind: 'event', id, message });
  }

  resume(): void {
    if (this.role === 'leader') this.options.connection.resume();
    else this.post({ kind: 'resume' });
  }

  /** Positions start over from `from` (the log was replaced): the leader streams from there. */
  restart(from: string): void {
    if (this.role !== 'leader') {
      this.post({ kind: 'restart', from });
      return;
    }
    this.seen.startOver(from);
    this.options.connection.start(from);
    this.post({ kind: 'leader', from, reset: true });
  }

  private lead(): void {
    clearTimeout(this.joinTimer);
    this.held = [];
    this.options.role.set('leader');
    const { connection, status } = this.options;
    const from = this.lastEventId;
    this.post({ kind: 'leader', from, reset: false });
    this.stopFollowingStatus = connection.status.subscribe(() => {
      status.set(connection.status.get());
      this.post({ kind: 'status', status: connection.status.get() });
    });
    connection.start(from);
  }

  private heard(message: TabMessage<M>): void {
    if (this.closed) return;
    const role = this.role;
    switch (message.kind) {
      case 'event':
        if (role === 'joining') this.held.push(message);
        else if (role === 'follower') this.deliver(message.id, message.message);
        return;
      case 'status':
        if (role !== 'leader') this.options.status.set(message.status);
        return;
      case 'leader':
        if (role === 'joining') this.hello();
        else if (message.reset) this.seen.startOver(message.from);
        // The new leader streams from further on than this tab has seen: what lies between is lost here.
        else if (this.seen.isBehind(message.from)) this.resync(message.from);
        return;
      case 'hello':
        if (role === 'leader') this.welcome(message.tab, message.from);
        return;
      case 'catch-up':
        if (role === 'joining' && message.tab === this.tab) this.caughtUp(message);
        return;
      case 'resume':
        if (role === 'leader') this.options.connection.resume();
        return;
      case 'restart':
        if (role === 'leader') this.restart(message.from);
        return;
    }
  }

  private hello(): void {
    this.post({ kind: 'hello', tab: this.tab, from: this.lastEventId });
    clearTimeout(this.joinTimer);
    this.joinTimer = setTimeout(() => {
      if (this.role !== 'joining') return;
      const reason = "Waiting for the tab that holds this browser's live connection.";
      this.options.status.set({ state: 'reconnecting', attempt: 1, reason });
    }, this.options.joinTimeoutMs);
  }

  private welcome(tab: string, from: string): void {
    const status = this.options.connection.status.get();
    const catchUp = this.seen.catchUp(from);
    const events = 'events' in catchUp ? catchUp.events : undefined;
    this.post({ kind: 'catch-up', tab, newest: this.lastEventId, status, ...(events && { events }) });
  }

  private caughtUp(message: Extract<TabMessage<M>, { kind: 'catch-up' }>): void {
    clearTimeout(this.joinTimer);
    this.options.role.set('follower');
    this.options.status.set(message.status);
    if (message.events) for (const { id, message: event } of message.events) this.deliver(id, event);
    else this.resync(message.newest);
    const held = this.held;
    this.held = [];
    for (const { id, message: event } of held) this.deliver(id, event);
  }

  private deliver(id: string, message: M): void {
    if (this.seen.accept(id, message)) this.options.onMessage(id, message);
  }

  private resync(at: string): void {
    const reason = 'This tab missed live updates: its lists are loaded again.';
    this.deliver(at, { type: 'resync', reason } as M);
  }

  private post(message: TabMessage<M>): void {
    if (!this.closed) this.channel.postMessage(message);
  }
}
