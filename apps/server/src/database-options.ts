import type { DatabaseOptions, PostgresTimeouts } from '@adopt/db';
import type { Logger } from 'pino';
import type { ServerEnv } from './env.ts';

export type DatabaseConfig = Pick<ServerEnv, 'DATABASE_PATH' | 'DATABASE_URL'> &
  Partial<
    Pick<
      ServerEnv,
      | 'PG_CONNECT_TIMEOUT_MS'
      | 'PG_STATEMENT_TIMEOUT_MS'
      | 'PG_IDLE_IN_TRANSACTION_TIMEOUT_MS'
      | 'SQLITE_LOCK_TIMEOUT_MS'
    >
  >;

/** The PostgreSQL timeouts the config sets; the ones it leaves out keep the database package's defaults. */
export function postgresTimeouts(config: DatabaseConfig): Partial<PostgresTimeouts> {
  const timeouts = {
    connectMs: config.PG_CONNECT_TIMEOUT_MS,
    statementMs: config.PG_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: config.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  return Object.fromEntries(Object.entries(timeouts).filter(([, ms]) => ms !== undefined));
}

/** Where the server's data lives and how long it waits for the database, from its config. */
export function databaseOptions(config: DatabaseConfig, logger: Logger): DatabaseOptions {
  if (config.DATABASE_URL) {
    return {
      url: config.DATABASE_URL,
      timeouts: postgresTimeouts(config),
      onConnectionError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection broke; replacing it'),
    };
  }
  return {
    filename: config.DATABASE_PATH,
    ...(config.SQLITE_LOCK_TIMEOUT_MS !== undefined ? { lockTimeoutMs: config.SQLITE_LOCK_TIMEOUT_MS } : {}),
  };
}
