import { readEventLogBounds, readTopicEventsAfter, trimTopicEvents } from '@adopt/db';
import { commitChanges } from '../../live/commit.ts';
import type { InstanceStatsRecord } from '../../records.ts';
import type { Services } from '../../services.ts';
import { statsEventOf } from './instances.ts';

/** How many intervals a sign of an admin watching elsewhere, or a published figure, stays good for. */
const KEPT_FOR_INTERVALS = 3;

/**
 * Publishes this instance's figures on the `stats` topic every interval, but only while an admin watches them on
 * some instance: one with an admin here publishes with `watchers > 0`, and the others, seeing that in the log, join
 * in. Nobody watching costs one single-row read (and a read of the log's newest `stats` rows when it grew) per interval. The figures go
 * through the event log like every event (so every instance hears them), and old ones are trimmed at once: each
 * supersedes the last, so the log does not fill with them.
 */
export class StatsPublisher {
  readonly startedAt = new Date().toISOString();
  private readonly timer: NodeJS.Timeout;
  private seenThrough = 0;
  private othersWatchingUntil = 0;
  /** Each other instance's newest figure time, while figures are published. */
  private readonly othersLastAt = new Map<string, string>();
  private publishing = false;
  private lastDeliveries = 0;
  private lastTick = Date.now();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: () => Services,
    readonly instanceId: string,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.tick()).catch(this.onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Admins' streams on this instance serving a tab that shows the figures (an open stream alone is not enough). */
  private watchersHere(): number {
    let count = 0;
    for (const sub of this.services().bus.subscribers) {
      if (sub.viewer.role === 'admin' && sub.topics.includes('stats') && sub.viewer.statsTabs.size > 0) count += 1;
    }
    return count;
  }

  /** This instance's figures now. */
  async figures(): Promise<InstanceStatsRecord> {
    const { bus, jobs } = this.services();
    const now = Date.now();
    const seconds = Math.max((now - this.lastTick) / 1000, 0.001);
    const deliveriesPerSecond = Math.round(((bus.stats.deliveries - this.lastDeliveries) / seconds) * 10) / 10;
    return {
      id: this.instanceId,
      startedAt: this.startedAt,
      at: new Date(now).toISOString(),
      streams: bus.subscribers.size,
      topics: bus.countByTopic(),
      deliveriesPerSecond,
      slowClientsCut: bus.stats.dropped,
      eventLogLag: await bus.lag(),
      runningJobs: jobs?.size ?? 0,
      watchers: this.watchersHere(),
    };
  }

  /** The oldest figure still worth showing. */
  freshSince(now = Date.now()): Date {
    return new Date(now - KEPT_FOR_INTERVALS * this.intervalMs);
  }

  /** Reads the figures other instances published since the last look: who watches, and when each last spoke. */
  private async readOthers(): Promise<void> {
    const { db } = this.services();
    const { lastId } = await readEventLogBounds(db);
    if (lastId <= this.seenThrough) return;
    for (const row of await readTopicEventsAfter(db, 'stats', this.seenThrough)) {
      const event = statsEventOf(row);
      if (event.id === this.instanceId) continue;
      if (event.type === 'deleted') {
        this.othersLastAt.delete(event.id);
        continue;
      }
      this.othersLastAt.set(event.id, event.record.at);
      if (event.record.watchers > 0) this.othersWatchingUntil = Date.now() + KEPT_FOR_INTERVALS * this.intervalMs;
    }
    this.seenThrough = lastId;
  }

  /**
   * Instances whose figures stopped coming while watched: killed, or cut off from the database. One interval longer
   * than a figure stays fresh, so an instance that stopped because the watching ended is not taken for dead.
   */
  private silentOthers(): string[] {
    const fresh = this.freshSince(Date.now() - this.intervalMs).toISOString();
    return [...this.othersLastAt].filter(([, at]) => at < fresh).map(([id]) => id);
  }

  private async tick(): Promise<void> {
    const services = this.services();
    await this.readOthers();
    const watched = this.watchersHere() > 0 || Date.now() < this.othersWatchingUntil;
    if (watched) {
      const record = await this.figures();
      const silent = this.silentOthers();
      await commitChanges(services, async (tx) => {
        await tx.emit({ topic: 'stats', type: 'updated', id: this.instanceId, record });
        // Every open Admin screen drops a dead instance's row; any surviving instance may say so, once is enough.
        for (const id of silent) await tx.emit({ topic: 'stats', type: 'deleted', id }, { id });
      });
      for (const id of silent) this.othersLastAt.delete(id);
    } else {
      // Nobody watches, so nobody publishes: silence says nothing of who is alive until watching starts again.
      this.othersLastAt.clear();
    }
    if (watched || this.publishing) await trimTopicEvents(services.db, 'stats', this.freshSince());
    this.publishing = watched;
    this.lastDeliveries = services.bus.stats.deliveries;
    this.lastTick = Date.now();
  }
}
