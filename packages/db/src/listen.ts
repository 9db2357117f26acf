import { listenForWakeUps, type WakeListener, type WakeListenerOptions } from '@adopt/live/listen';
import { DEFAULT_POSTGRES_TIMEOUTS, type PostgresTimeouts, postgresTimeoutSettings } from './postgres-pool.ts';

export type EventLogListener = WakeListener;

export interface EventLogListenerOptions extends Omit<WakeListenerOptions, 'applicationName' | 'clientConfig'> {
  /** The pool's timeouts: a server that stops answering fails the connection instead of holding it forever. */
  timeouts?: Partial<PostgresTimeouts>;
}

/** Shown in pg_stat_activity, so an operator (or a test) can find this connection. */
export const LISTENER_APPLICATION_NAME = 'adopt-a-street event-log listener';

/** This app's LISTEN connection: its name, and the same timeouts as its pool. */
export function listenToEventLog({ timeouts, ...options }: EventLogListenerOptions): Promise<EventLogListener> {
  return listenForWakeUps({
    ...options,
    applicationName: LISTENER_APPLICATION_NAME,
    clientConfig: postgresTimeoutSettings({ ...DEFAULT_POSTGRES_TIMEOUTS, ...timeouts }),
  });
}
