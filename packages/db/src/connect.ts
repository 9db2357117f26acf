import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import type { Database } from './database.ts';
import { createPostgresPool, DEFAULT_POSTGRES_TIMEOUTS, type PostgresTimeouts } from './postgres-pool.ts';
import { LockWaitingSqliteDialect } from './sqlite-driver.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface SqliteOptions {
  /** A file path, or ':memory:' for a private in-memory database. */
  filename: string;
  /** How long a statement waits (without blocking the event loop) for a lock another process holds. */
  lockTimeoutMs?: number;
}

export const DEFAULT_SQLITE_LOCK_TIMEOUT_MS = 5000;

export function openSqlite({ filename, lockTimeoutMs = DEFAULT_SQLITE_LOCK_TIMEOUT_MS }: SqliteOptions): Db {
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({
    dialect: new LockWaitingSqliteDialect(sqlite, lockTimeoutMs),
    plugins: [new CamelCasePlugin()],
  });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
  timeouts?: Partial<PostgresTimeouts>;
  /**
   * An idle pooled connection broke (PostgreSQL restarted, an admin ended it). The pool replaces it on next use;
   * without a handler the pool's 'error' event would crash the process.
   */
  onConnectionError?: (error: Error) => void;
}

export function openPostgres({
  url,
  maxConnections = 10,
  timeouts,
  onConnectionError = (error) => console.warn(`PostgreSQL connection lost; it will be replaced: ${error.message}`),
}: PostgresOptions): Db {
  const pool = createPostgresPool({
    url,
    maxConnections,
    timeouts: { ...DEFAULT_POSTGRES_TIMEOUTS, ...timeouts },
    onConnectionError,
  });
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

export type DatabaseOptions = Omit<PostgresOptions, 'maxConnections'> | SqliteOptions;

/** SQLite by default; a postgres:// URL switches to PostgreSQL with the same migrations and repositories. */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if ('url' in options) return openPostgres(options);
  if (options.filename !== ':memory:') {
    const { mkdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(options.filename), { recursive: true });
  }
  return openSqlite(options);
}
