import type { Client, ClientConfig } from 'pg';
import { EVENT_LOG_CHANNEL } from '../log/event-log.ts';
import { loadPg } from './load-pg.ts';

export interface WakeListenerOptions {
  /** The same postgres:// URL the app's pool uses. */
  url: string;
  /** Shown in pg_stat_activity, so an operator (or a test) can find this connection. */
  applicationName: string;
  /** Further pg client settings, such as the pool's timeouts, so a server that stops answering fails the connection. */
  clientConfig?: Omit<ClientConfig, 'connectionString' | 'application_name'>;
  /** Called on every notification, and after each reconnect: notifications sent meanwhile are lost. */
  onWake: () => void;
  /** Told when the connection drops or a reconnect fails; the listener keeps retrying. */
  onError?: (error: Error) => void;
  retryMs?: number;
}

export interface WakeListener {
  /** Whether the LISTEN connection is up right now. */
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Holds one dedicated PostgreSQL connection that LISTENs for commits appending to the event log, on any
 * server instance. The log stays the source of truth: a notification only says "read again".
 * Resolves once listening; rejects if the first connection fails.
 */
export async function listenForWakeUps({
  url,
  applicationName,
  clientConfig,
  onWake,
  onError = () => {},
  retryMs = 1000,
}: WakeListenerOptions): Promise<WakeListener> {
  const pg = loadPg();
  let client: Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({ ...clientConfig, connectionString: url, application_name: applicationName });
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

  const dropped = (which: Client) => {
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
