import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './database.ts';
import { loadPg } from './load-pg.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface SqliteOptions {
  /** A file path, or ':memory:' for a private in-memory database. */
  filename: string;
  busyTimeoutMs?: number;
}

export function openSqlite({ filename, busyTimeoutMs = 5000 }: SqliteOptions): Db {
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  sqlite.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
  /**
   * An idle pooled connection broke (PostgreSQL restarted, an admin ended it). The pool replaces it on next use;
   * without a handler the pool's 'error' event would crash the process.
   */
  onConnectionError?: (error: Error) => void;
}

// Counts and event ids are bigint; they stay far below 2^53, so plain numbers are safe and portable.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : loadPg().types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export function openPostgres({
  url,
  maxConnections = 10,
  onConnectionError = (error) => console.warn(`PostgreSQL connection lost; it will be replaced: ${error.message}`),
}: PostgresOptions): Db {
  const pool = new (loadPg().Pool)({ connectionString: url, max: maxConnections, types: pgTypes });
  pool.on('error', onConnectionError);
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

export type DatabaseOptions = Omit<PostgresOptions, 'maxConnections'> | { filename: string };

/** SQLite by default; a postgres:// URL switches to PostgreSQL with the same migrations and repositories. */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if ('url' in options) return openPostgres(options);
  if (options.filename !== ':memory:') {
    const { mkdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(options.filename), { recursive: true });
  }
  return openSqlite({ filename: options.filename });
}
