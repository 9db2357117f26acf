import type { LiveConnection, LiveStatus } from '../connection.ts';
import type { LiveMessageOf } from '../events.ts';
import type { Store } from '../store.ts';
import { LeaderLock } from './leader-lock.ts';
import { LeaderWatch } from './leader-watch.ts';
import type { Numbered } from './recent-events.ts';
import { SeenEvents } from './seen-events.ts';
import type { TabMessage } from './tab-messages.ts';

/**
 * A joining tab gives an unanswering leader this many join timeouts before taking the lock from it: the
 * tabs already following it take over within a second if it hangs, and a leader starved of CPU by a busy
 * machine is better waited for than replaced (it says it is waiting after one timeout).
 */
const JOINING_PATIENCE = 3;

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
 * newest event id it has seen and the last few events, so whichever takes over resumes from there: when
 * the leader closes (the lock passes on) or stops answering (a follower takes the lock from it).
 */
export class SharedStream<M extends LiveMessageOf> {
  private readonly channel: BroadcastChannel;
  private readonly lock: LeaderLock;
  private readonly watch: LeaderWatch;
  private readonly seen: SeenEvents<M>;
  private readonly tab = crypto.randomUUID();
  /** The tab this one follows: only its messages count. */
  private leader: string | null = null;
  /** The stream's name for the server, the same whichever tab leads (learnt from the leader). */
  private browser: string = crypto.randomUUID();
  /** Relayed events that came before this joining tab's catch-up, applied after it. */
  private held: (Numbered<M> & { leader: string })[] = [];
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
    this.watch = new LeaderWatch(
      () => this.post({ kind: 'still-there' }),
      () => this.lock.steal(),
    );
    this.lock = new LeaderLock(options.locks, options.name, {
      granted: () => this.lead(),
      lost: () => this.follow(),
    });
    this.follow();
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
    this.watch.stop();
    if (this.role === 'leader') this.stopStreaming();
    this.lock.close();
    this.channel.close();
  }

  /** A message from this tab's own connection, as leader. */
  streamed(id: string, message: M): void {
    if (this.closed) return;
    this.deliver(id, message);
    this.post({ kind: 'event', leader: this.tab, id, message });
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
    this.options.connection.start(from, this.browser);
    this.post({ kind: 'leader', leader: this.tab, browser: this.browser, from, reset: true });
  }

  /** Joins as a follower: at the start, and when another tab took the lock from this frozen or hung one. */
  private follow(): void {
    if (this.role === 'leader') {
      this.stopStreaming();
      this.post({ kind: 'stepped-down', leader: this.tab });
    }
    this.leader = null;
    this.options.role.set('joining');
    this.options.status.set({ state: 'connecting' });
    this.lock.queue();
    this.hello();
    this.watch.start(JOINING_PATIENCE * this.options.joinTimeoutMs);
  }

  private lead(): void {
    clearTimeout(this.joinTimer);
    this.watch.stop();
    this.held = [];
    this.leader = this.tab;
    this.options.role.set('leader');
    const { connection, status } = this.options;
    const from = this.lastEventId;
    this.post({ kind: 'leader', leader: this.tab, browser: this.browser, from, reset: false });
    this.stopFollowingStatus = connection.status.subscribe(() => {
      status.set(connection.status.get());
      this.post({ kind: 'status', leader: this.tab, status: connection.status.get() });
    });
    connection.start(from, this.browser);
  }

  private stopStreaming(): void {
    this.stopFollowingStatus?.();
    this.options.connection.stop();
  }

  /** Whether a message comes from the leader this tab follows; a joining tab does not know it yet. */
  private fromLeader(message: { leader: string }): boolean {
    const current = this.role === 'joining' || message.leader === this.leader;
    if (current) this.watch.heard();
    return current;
  }

  private heard(message: TabMessage<M>): void {
    if (this.closed) return;
    const role = this.role;
    switch (message.kind) {
      case 'event':
        if (role === 'leader' || !this.fromLeader(message)) return;
        if (role === 'joining') this.held.push(message);
        else this.deliver(message.id, message.message);
        return;
      case 'status':
        if (role !== 'leader' && this.fromLeader(message)) this.options.status.set(message.status);
        return;
      case 'stepped-down':
        if (role === 'follower' && message.leader === this.leader) this.follow();
        return;
      case 'still-there':
        if (role === 'leader') this.post({ kind: 'here', leader: this.tab });
        return;
      case 'here':
        if (role !== 'leader') this.fromLeader(message);
        return;
      case 'leader':
        if (role === 'leader') return;
        this.leader = message.leader;
        this.browser = message.browser;
        this.watch.heard();
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
    const { lastEventId: newest, browser } = this;
    this.post({ kind: 'catch-up', leader: this.tab, browser, tab, newest, status, ...(events && { events }) });
  }

  private caughtUp(message: Extract<TabMessage<M>, { kind: 'catch-up' }>): void {
    clearTimeout(this.joinTimer);
    this.leader = message.leader;
    this.browser = message.browser;
    this.watch.followed();
    this.options.role.set('follower');
    this.options.status.set(message.status);
    if (message.events) for (const { id, message: event } of message.events) this.deliver(id, event);
    else this.resync(message.newest);
    const held = this.held.filter((event) => event.leader === message.leader);
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
