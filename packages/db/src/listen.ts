import { EVENT_LOG_CHANNEL } from '@adopt/live/log';
import pg from 'pg';
import { DEFAULT_POSTGRES_TIMEOUTS, type PostgresTimeouts, postgresTimeoutSettings } from './postgres-pool.ts';

export interface EventLogListenerOptions {
  /** The same postgres:// URL the server's pool uses. */
  url: string;
  /** Called on every notification, and after each reconnect: notifications sent meanwhile are lost. */
  onWake: () => void;
  /** Told when the connection drops or a reconnect fails; the listener keeps retrying. */
  onError?: (error: Error) => void;
  retryMs?: number;
  /** The pool's timeouts: a server that stops answering fails the connection instead of holding it forever. */
  timeouts?: Partial<PostgresTimeouts>;
}

export interface EventLogListener {
  /** Whether the LISTEN connection is up right now. */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** Shown in pg_stat_activity, so an operator (or a test) can find this connection. */
export const LISTENER_APPLICATION_NAME = 'adopt-a-street event-log listener';

/**
 * Holds one dedicated PostgreSQL connection that LISTENs for commits appending to the event log, on any
 * server instance. The log stays the source of truth: a notification only says "read again".
 * Resolves once listening; rejects if the first connection fails.
 */
export async function listenToEventLog({
  url,
  onWake,
  onError = () => {},
  retryMs = 1000,
  timeouts,
}: EventLogListenerOptions): Promise<EventLogListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      ...postgresTimeoutSettings({ ...DEFAULT_POSTGRES_TIMEOUTS, ...timeouts }),
    });
    next.on('notification', (message) => {
      if (message.channel === EVENT_LOG_CHANNEL) onWake();
    });
    next.on('error', (error) => {
      if (client === next) onError(error);
      dropped(next);
    });
    next.on('end', () => dropped(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENT_LOG_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {}); // already failing; the caller reports the first error
      throw error;
    }
    if (closed) await next.end();
    else client = next;
  };

  const dropped = (which: pg.Client) => {
    if (client !== which) return;
    client = null;
    reconnectLater();
  };

  const reconnectLater = () => {
    if (closed || retry) return;
    retry = setTimeout(async () => {
      retry = undefined;
      try {
        await connect();
        if (client) onWake();
      } catch (error) {
        onError(error as Error);
        reconnectLater();
      }
    }, retryMs);
    retry.unref();
  };

  await connect();
  return {
    get connected() {
      return client !== null;
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end();
    },
  };
}
