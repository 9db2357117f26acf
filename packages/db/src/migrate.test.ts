import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendEvents, migrateLiveTables, readEventLogBounds, readEventsAfter } from '@adopt/live/log';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { migrationProvider } from './migrations/index.ts';

const entry = {
  topic: 'posts',
  type: 'created',
  recordId: 'p1',
  payload: '{"id":"p1"}',
  audience: '{"everyone":true}',
};

describe('the live layer migrations', () => {
  const dirs: string[] = [];
  const databaseFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'adopt-migrate-'));
    dirs.push(dir);
    return join(dir, 'adopt.db');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('adopt the event log of a database made before the live layer had its own migrations, keeping its events', async () => {
    const filename = databaseFile();
    // The database as the app's migrations alone made it, before packages/live existed.
    const before = openSqlite({ filename });
    const old = await new Migrator({
      db: before.kysely.withoutPlugins(),
      provider: migrationProvider,
    }).migrateToLatest();
    expect(old.error).toBeUndefined();
    await appendEvents(before.kysely, [entry]);
    await before.close();

    const after = openSqlite({ filename });
    await migrateToLatest(after.kysely);
    await migrateToLatest(after.kysely);
    expect(await readEventLogBounds(after.kysely)).toEqual({ lastId: 1, trimmedThrough: 0 });
    expect(await appendEvents(after.kysely, [{ ...entry, recordId: 'p2' }])).toBe(2);
    expect((await readEventsAfter(after.kysely, 0)).map((row) => row.recordId)).toEqual(['p1', 'p2']);
    const applied = await sql<{ name: string }>`select name from live_migration`.execute(after.kysely);
    expect(applied.rows.map((row) => row.name)).toEqual([
      '0001-event-log',
      '0002-event-scope',
      '0003-idempotency-keys',
    ]);
    await after.close();
  });

  it('give a database with no app tables a working event log of its own', async () => {
    const db = openSqlite({ filename: databaseFile() });
    await migrateLiveTables(db.kysely.withoutPlugins());
    expect(await appendEvents(db.kysely, [entry])).toBe(1);
    expect(await readEventLogBounds(db.kysely)).toEqual({ lastId: 1, trimmedThrough: 0 });
    await db.close();
  });
});
