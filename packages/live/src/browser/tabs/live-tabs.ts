import { LiveConnection, type LiveConnectionOptions, type LiveStatus } from '../connection.ts';
import type { LiveMessageOf } from '../events.ts';
import { createStore } from '../store.ts';
import { browserLocks } from './browser-locks.ts';
import { SharedStream, type TabRole } from './shared-stream.ts';

export interface LiveTabsOptions<M> extends LiveConnectionOptions<M> {
  /** Prefix of the lock and channel names; the group (the person) is appended. */
  name: string;
  /** The browser's Web Locks, or null where it has none: then every tab holds its own stream. */
  locks?: LockManager | null;
  /** Events the leader keeps for tabs that join later (default 1000). */
  recentEvents?: number;
  /** How long a joining tab waits for the leader before it says so (default 3 s). */
  joinTimeoutMs?: number;
}

/**
 * One live stream per browser and person, however many tabs are open. With Web Locks and BroadcastChannel
 * the tabs elect a leader that holds the stream for all of them (see SharedStream); without them each tab
 * holds its own, as a single tab always did. `status` is this tab's true connection state either way.
 */
export class LiveTabs<M extends LiveMessageOf> {
  readonly status = createStore<LiveStatus>({ state: 'idle' });
  readonly role = createStore<TabRole>('idle');
  private readonly connection: LiveConnection<M>;
  private readonly locks: LockManager | null;
  private shared: SharedStream<M> | null = null;
  private group: string | null = null;
  private frozenAt: string | null = null;

  constructor(private readonly options: LiveTabsOptions<M>) {
    this.locks = options.locks === undefined ? browserLocks() : options.locks;
    this.connection = new LiveConnection<M>({
      ...options,
      onMessage: (id, message) => {
        if (this.shared) this.shared.streamed(id, message);
        else options.onMessage(id, message);
      },
    });
    // A leader's SharedStream relays the state itself; a tab on its own shows its connection's.
    this.connection.status.subscribe(() => {
      if (this.role.get() === 'alone') this.status.set(this.connection.status.get());
    });
  }

  /** Starts following `group`'s stream (the signed-in person) from the position the snapshots reflect. */
  join(group: string, from: string): void {
    this.leave();
    this.group = group;
    if (!this.locks) {
      this.role.set('alone');
      this.connection.start(from);
      return;
    }
    const { name, onMessage, recentEvents = 1000, joinTimeoutMs = 3000 } = this.options;
    this.shared = new SharedStream<M>(
      {
        name: `${name}:${group}`,
        locks: this.locks,
        connection: this.connection,
        status: this.status,
        role: this.role,
        onMessage,
        recentEvents,
        joinTimeoutMs,
      },
      from,
    );
  }

  leave(): void {
    this.group = null;
    this.frozenAt = null;
    this.shared?.close();
    this.shared = null;
    this.connection.stop();
    this.role.set('idle');
    this.status.set({ state: 'idle' });
  }

  get running(): boolean {
    return this.group !== null;
  }

  /** Positions start over from `from` (the log was replaced, a snapshot is older than the stream). */
  restart(from: string): void {
    if (this.shared) this.shared.restart(from);
    else if (this.group !== null) this.connection.start(from);
  }

  /** The person asks for live updates again after the server paused this browser's stream. */
  resume(): void {
    if (this.shared) this.shared.resume();
    else this.connection.resume();
  }

  online(): void {
    if (this.role.get() === 'leader' || this.role.get() === 'alone') this.connection.online();
  }

  offline(): void {
    if (this.role.get() === 'leader' || this.role.get() === 'alone') this.connection.offline();
  }

  /** The browser froze this tab (Page Lifecycle): hand the stream to a tab that can still run. */
  frozen(): void {
    if (this.role.get() !== 'leader' || this.group === null) return;
    const group = this.group;
    const at = this.shared?.lastEventId ?? null;
    this.leave();
    this.group = group;
    this.frozenAt = at;
  }

  /** Thawed after `frozen`: join again as a follower from where this tab left off. */
  unfrozen(): void {
    if (this.frozenAt === null || this.group === null) return;
    this.join(this.group, this.frozenAt);
  }
}
