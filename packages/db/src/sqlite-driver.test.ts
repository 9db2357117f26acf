import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openSqlite } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

describe('SQLite with the write lock held by another connection', () => {
  let dir: string;
  let db: Db;
  let other: SQLite.Database;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-lock-'));
    db = openSqlite({ filename: path.join(dir, 'app.db'), lockTimeoutMs: 1000 });
    await migrateToLatest(db.kysely);
    other = new SQLite(path.join(dir, 'app.db'));
    other.exec('BEGIN IMMEDIATE');
  });
  afterEach(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the event loop turning and reads answering while a write waits, then lets the write through', async () => {
    let writeSettled = false;
    const write = db.kysely.transaction().execute((tx) => sql`delete from sessions`.execute(tx));
    void write.finally(() => {
      writeSettled = true;
    });
    const read = await sql<{ n: number }>`select count(*) as n from users`.execute(db.kysely);
    const snapshot = await db.kysely
      .transaction()
      .setAccessMode('read only')
      .execute((tx) => sql`select count(*) as n from event_log`.execute(tx));
    await new Promise((resolve) => setTimeout(resolve, 0)); // a timer still fires: the loop is not blocked
    expect({ writeSettled, read: read.rows, snapshot: snapshot.rows }).toEqual({
      writeSettled: false,
      read: [{ n: 0 }],
      snapshot: [{ n: 0 }],
    });
    other.exec('COMMIT');
    await write;
  });

  it('gives up after the lock timeout with SQLITE_BUSY, leaving no transaction open', async () => {
    const failure = await db.kysely
      .transaction()
      .execute((tx) => sql`delete from sessions`.execute(tx))
      .catch((error: { code?: string }) => error);
    expect((failure as { code?: string }).code).toBe('SQLITE_BUSY');
    other.exec('COMMIT');
    await db.kysely.transaction().execute((tx) => sql`delete from sessions`.execute(tx));
  });
});
