import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { copySqliteSnapshot, inspectBackup, RESTORE_ID_GAP, startNewEventIdRange } from './sqlite-backup.ts';

describe('SQLite backups', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-sqlite-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const backupOfFreshDatabase = async () => {
    const live = path.join(dir, 'live.db');
    const db = openSqlite({ filename: live });
    await migrateToLatest(db.kysely);
    await db.close();
    const backup = path.join(dir, 'backup.db');
    await copySqliteSnapshot(live, backup);
    return backup;
  };

  it('restoring the same backup twice never reuses an id the first restore handed out', async () => {
    const backup = await backupOfFreshDatabase();
    const first = path.join(dir, 'first.db');
    const second = path.join(dir, 'second.db');
    copyFileSync(backup, first);
    copyFileSync(backup, second);
    const restoredAt = new Date('2026-12-01T18:00:00Z');
    const firstStart = startNewEventIdRange(first, 0, restoredAt);
    // The first restore's history then ran for a minute at 1000 events a second, and that card died too.
    const reachedBeforeSecondDeath = firstStart + 60 * 1000;
    const secondStart = startNewEventIdRange(second, 0, new Date(restoredAt.getTime() + 60_000));
    expect(firstStart).toBeGreaterThanOrEqual(RESTORE_ID_GAP);
    expect(secondStart).toBeGreaterThan(reachedBeforeSecondDeath);
    expect(inspectBackup(second).lastEventId).toBe(secondStart);
  });

  it('names what is wrong with a file that is not a backup', () => {
    const notADatabase = path.join(dir, 'notes.txt');
    writeFileSync(notADatabase, 'shopping list');
    expect(() => inspectBackup(notADatabase)).toThrow(`${notADatabase} is not a readable database`);
    expect(() => inspectBackup(path.join(dir, 'missing.db'))).toThrow('cannot be opened as a SQLite database');
  });
});
