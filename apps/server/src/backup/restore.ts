import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inspectBackup, isSqliteInUse, startNewEventIdRange } from '@adopt/db/sqlite-backup';

export interface RestoreResult {
  /** Where the replaced database was moved, or null when there was none. */
  movedAside: string | null;
  /** Event ids of the restored database continue after this one; every older id a client holds resyncs. */
  eventIdsFrom: number;
}

/** The newest event id the database being replaced reached, if it can still be read (a dying card may not). */
function lastEventIdOf(databasePath: string): number {
  try {
    return inspectBackup(databasePath).lastEventId;
  } catch {
    return 0;
  }
}

/**
 * Puts a backup in place of the database at `databasePath`, with the server stopped. Nothing is deleted:
 * the replaced database is moved aside. Refuses, changing nothing, when the backup is not an intact
 * Adopt-a-Street database or when a running server has the database open.
 */
export function restoreBackup(backupFile: string, databasePath: string, at = new Date()): RestoreResult {
  if (!existsSync(backupFile)) throw new Error(`No backup at ${backupFile}.`);
  inspectBackup(backupFile);
  const replacing = existsSync(databasePath);
  if (replacing && isSqliteInUse(databasePath))
    throw new Error(
      `${databasePath} is open in a running server. Stop it first (sudo systemctl stop adopt-a-street), then restore.`,
    );
  const floor = replacing ? lastEventIdOf(databasePath) : 0;
  const incoming = `${databasePath}.restoring`;
  mkdirSync(path.dirname(databasePath), { recursive: true });
  copyFileSync(backupFile, incoming);
  let movedAside: string | null = null;
  try {
    const eventIdsFrom = startNewEventIdRange(incoming, floor, at);
    if (replacing) {
      movedAside = `${databasePath}.before-restore-${at.toISOString().replaceAll(':', '-')}`;
      renameSync(databasePath, movedAside);
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, movedAside + suffix);
      }
    }
    renameSync(incoming, databasePath);
    return { movedAside, eventIdsFrom };
  } finally {
    rmSync(incoming, { force: true });
  }
}
