import { loadPg } from '@adopt/live/listen';
import type pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.ts';

export interface PostgresTimeouts {
  /** How long opening a connection (or waiting for a free one) may take. */
  connectMs: number;
  /** How long one statement may run; also how long the client waits for an answer that does not come. */
  statementMs: number;
  /** How long a transaction may sit idle before PostgreSQL ends it (releasing its locks). */
  idleInTransactionMs: number;
}

export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = {
  connectMs: 5000,
  statementMs: 10_000,
  idleInTransactionMs: 10_000,
};

/** The pg settings that put the timeouts in force, for the pool and for the LISTEN connection alike. */
export function postgresTimeoutSettings({ connectMs, statementMs, idleInTransactionMs }: PostgresTimeouts) {
  return {
    connectionTimeoutMillis: connectMs,
    statement_timeout: statementMs,
    idle_in_transaction_session_timeout: idleInTransactionMs,
    // statement_timeout is enforced by the server; a server that stops answering needs the client's own timer.
    query_timeout: statementMs,
    // A peer that vanished without closing the socket is noticed by the kernel, not only on the next query.
    keepAlive: true,
  };
}

type PoolClient = pg.PoolClient;

/**
 * A client checked out of the pool that stops using its connection once it met a connection failure (a read
 * timeout leaves pg's client waiting for an answer that never comes) and, on release, makes the pool drop it.
 */
function guarded(client: PoolClient): PoolClient {
  let broken: Error | undefined;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') {
        return async (...args: unknown[]) => {
          if (broken) throw broken;
          try {
            return await query(...args);
          } catch (error) {
            if (isDatabaseUnavailable(error)) broken = error as Error;
            throw error;
          }
        };
      }
      if (property === 'release') return () => target.release(broken);
      return Reflect.get(target, property, receiver);
    },
  });
}

export interface PoolOptions {
  url: string;
  maxConnections: number;
  timeouts: PostgresTimeouts;
  /** An idle pooled connection broke; the pool replaces it on next use. */
  onConnectionError: (error: Error) => void;
}

/** A pg pool whose every connection, idle or checked out, has its errors handled: none can crash the process. */
export function createPostgresPool({ url, maxConnections, timeouts, onConnectionError }: PoolOptions) {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: maxConnections,
    types: pgTypes,
    ...postgresTimeoutSettings(timeouts),
  });
  pool.on('error', onConnectionError);
  // pg-pool listens for errors only while a client is idle; one that breaks while checked out would otherwise
  // emit an unhandled 'error'. The query it was running fails on its own, so there is nothing more to do here.
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    connect: async () => guarded(await pool.connect()),
    end: () => pool.end(),
  };
}

// Counts and event ids are bigint; they stay far below 2^53, so plain numbers are safe and portable.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : loadPg().types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};
