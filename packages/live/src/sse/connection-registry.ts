import { TRPCError } from '@trpc/server';
import type { SseConnection } from './connection.ts';
import { PING_FRAME } from './frames.ts';

export interface ConnectionLimits {
  /** Per signed-in user; over it, that user's oldest connection is closed to make room. */
  perUser: number;
  /** Per IP address, for anonymous readers; over it, the new connection is refused. */
  perAnonymousIp: number;
  /** For the whole server; over it, the new connection is refused and the client retries later. */
  total: number;
}

/** Who a connection belongs to, for the limits. */
export interface ConnectionOwner {
  userId: string | null;
  ip: string;
  /**
   * The browser whose tabs share this stream, when the client names one: its newer stream replaces the older
   * (a tab that took over from a hung one), so a browser holds one stream whatever its tabs do.
   */
  browser?: string | null;
}

/** The open connections of one user or one anonymous IP address, oldest first. */
interface OwnerGroup {
  key: string;
  connections: Set<SseConnection>;
}

/** Every open SSE response: the connection limits, and one heartbeat timer for all of them. */
export class ConnectionRegistry {
  /** Each open connection with its owner's group, shared by that owner's connections. */
  private readonly open = new Map<SseConnection, OwnerGroup>();
  /** Groups by `user:<id>` or `ip:<address>`. */
  private readonly owners = new Map<string, OwnerGroup>();
  /** The browser each connection was opened for, where its client named one. */
  private readonly browsers = new Map<SseConnection, string>();
  private readonly heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: ConnectionLimits,
    pingIntervalMs: number | null,
  ) {
    if (pingIntervalMs !== null) {
      this.heartbeat = setInterval(() => this.ping(), pingIntervalMs);
      this.heartbeat.unref();
    }
  }

  get size(): number {
    return this.open.size;
  }

  /** Registers the connection, or returns the error it must be refused with. */
  admit(connection: SseConnection, owner: ConnectionOwner): TRPCError | null {
    if (this.open.size >= this.limits.total) {
      return new TRPCError({
        code: 'SERVICE_UNAVAILABLE',
        message: `The server is at its limit of ${this.limits.total} live connections. Try again in a little while.`,
      });
    }
    const key = owner.userId !== null ? `user:${owner.userId}` : `ip:${owner.ip}`;
    let group = this.owners.get(key);
    const count = group?.connections.size ?? 0;
    if (owner.userId === null && count >= this.limits.perAnonymousIp) {
      return new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many live connections from your address (at most ${this.limits.perAnonymousIp} without logging in). Close other tabs or log in.`,
      });
    }
    if (owner.userId !== null && group && owner.browser) this.replaceBrowserStream(group, owner.browser);
    if (owner.userId !== null && group && group.connections.size >= this.limits.perUser) {
      const [oldest] = group.connections;
      if (oldest) {
        this.release(oldest);
        oldest.fail(
          new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: `You opened more than ${this.limits.perUser} live connections, so this one, the oldest, was closed. Reload to use it here.`,
          }),
        );
      }
    }
    group = this.owners.get(key);
    if (!group) {
      group = { key, connections: new Set() };
      this.owners.set(key, group);
    }
    group.connections.add(connection);
    this.open.set(connection, group);
    if (owner.userId !== null && owner.browser) this.browsers.set(connection, owner.browser);
    return null;
  }

  /** Closes the user's older stream from the same browser: the tab that held it no longer leads. */
  private replaceBrowserStream(group: OwnerGroup, browser: string): void {
    for (const older of group.connections) {
      if (this.browsers.get(older) !== browser) continue;
      this.release(older);
      older.fail(
        new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'Another tab of this browser took over the live connection, so this one was closed.',
        }),
      );
    }
  }

  /** Forgets the connection; safe to call more than once. */
  release(connection: SseConnection): void {
    const group = this.open.get(connection);
    if (!group) return;
    this.open.delete(connection);
    this.browsers.delete(connection);
    group.connections.delete(connection);
    if (group.connections.size === 0) this.owners.delete(group.key);
  }

  /** Keeps idle streams alive through proxies and tells clients the server is still there. */
  ping(): void {
    for (const connection of this.open.keys()) connection.write(PING_FRAME);
  }

  close(): void {
    clearInterval(this.heartbeat);
  }
}
