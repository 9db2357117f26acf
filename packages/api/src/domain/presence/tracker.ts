import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  expirePresence,
  findUserById,
  lockRow,
  lockRows,
  markPresent,
  presentElsewhere,
  refreshPresence,
  removePresence,
} from '@adopt/db';
import type { StreamWatcher } from '../../live/bus.ts';
import { commitChanges, type Tx } from '../../live/commit.ts';
import type { Services } from '../../services.ts';
import { freshSince, type PresenceConfig } from './config.ts';

/** Tells members someone appeared, unless they chose to be invisible. */
async function emitJoin(tx: Tx, userId: string): Promise<void> {
  const user = await findUserById(tx.db, userId);
  if (!user || user.presenceHidden) return;
  await tx.emit({ topic: 'presence', type: 'created', id: userId, record: { id: userId, name: user.name } });
}

async function emitLeave(tx: Tx, userId: string): Promise<void> {
  const user = await findUserById(tx.db, userId);
  if (user?.presenceHidden) return;
  await tx.emit({ topic: 'presence', type: 'deleted', id: userId }, { id: userId });
}

/**
 * Who has a stream open on this instance, kept in the presence table (one row per instance and person, with a
 * heartbeat) so every instance derives the same list; join and leave are events on the `presence` topic.
 */
export class PresenceTracker implements StreamWatcher {
  readonly instanceId = randomUUID();
  private readonly open = new Map<string, number>();
  private readonly leaving = new Map<string, NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private stopped = false;
  // Streams often close inside a mutation (a ban); its async context must not reach presence's own commits.
  private readonly neutral = new AsyncResource('PresenceTracker');

  constructor(
    private readonly services: () => Services,
    private readonly config: PresenceConfig,
    private readonly onError: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => this.enqueue(() => this.heartbeat()), config.heartbeatMs);
    this.timer.unref();
  }

  connected(userId: string): void {
    this.neutral.runInAsyncScope(() => {
      const count = (this.open.get(userId) ?? 0) + 1;
      this.open.set(userId, count);
      const pending = this.leaving.get(userId);
      if (pending) {
        // Back before the leave went out (a reload, a reconnect): nobody hears they were gone.
        clearTimeout(pending);
        this.leaving.delete(userId);
      } else if (count === 1) {
        this.enqueue(() => this.join(userId));
      }
    });
  }

  disconnected(userId: string): void {
    this.neutral.runInAsyncScope(() => {
      const count = (this.open.get(userId) ?? 1) - 1;
      if (count > 0) {
        this.open.set(userId, count);
        return;
      }
      this.open.delete(userId);
      if (this.stopped) return;
      const timer = setTimeout(() => {
        this.leaving.delete(userId);
        if (!this.open.has(userId)) this.enqueue(() => this.leave(userId));
      }, this.config.leaveDelayMs);
      timer.unref();
      this.leaving.set(userId, timer);
    });
  }

  /** Shutdown: this instance's rows are left to expire, so people who reconnect elsewhere never seem to leave. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
  }

  /** Resolves once every presence write asked for so far has landed (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(work: () => Promise<void>): void {
    if (this.stopped) return;
    this.queue = this.queue.then(work).catch(this.onError);
  }

  // Each person's joins and leaves take turns on their user row across instances: without that, a join here and a
  // leave elsewhere each miss the other's uncommitted row, and the leave, committed last, hides someone online.
  private join(userId: string): Promise<void> {
    const { instanceId } = this;
    return commitChanges(this.services(), async (tx) => {
      await lockRow(tx.db, 'users', userId);
      const already = await presentElsewhere(tx.db, instanceId, userId, freshSince(this.config));
      await markPresent(tx.db, instanceId, userId, new Date().toISOString());
      if (!already) await emitJoin(tx, userId);
    });
  }

  private leave(userId: string): Promise<void> {
    const { instanceId } = this;
    return commitChanges(this.services(), async (tx) => {
      await lockRow(tx.db, 'users', userId);
      await removePresence(tx.db, instanceId, userId);
      if (!(await presentElsewhere(tx.db, instanceId, userId, freshSince(this.config)))) await emitLeave(tx, userId);
    });
  }

  /** Refreshes this instance's rows, then removes a dead instance's and says who left with it. */
  private async heartbeat(): Promise<void> {
    const here = [...this.open.keys(), ...this.leaving.keys()];
    const refreshed = await refreshPresence(this.services().db, this.instanceId, here, new Date().toISOString());
    // A row swept while this instance stalled: the person is here all the same.
    for (const userId of here) if (!refreshed.has(userId)) await this.join(userId);
    await commitChanges(this.services(), async (tx) => {
      const since = freshSince(this.config);
      const gone = await expirePresence(tx.db, since);
      await lockRows(tx.db, 'users', gone);
      for (const userId of gone) {
        if (!(await presentElsewhere(tx.db, '', userId, since))) await emitLeave(tx, userId);
      }
    });
  }
}
