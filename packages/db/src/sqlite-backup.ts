import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/**
 * After a restore, event ids start this far past any id the lost history can have handed out, so a client's
 * lastEventId from that history can never name an event of the new one: it gets a resync instead.
 */
export const RESTORE_ID_GAP = 1_000_000_000;
/**
 * Restored ids also start above the restore's time in units of 10 us: restoring the same old backup twice
 * (two dead cards) still lands above every id the first restore's history reached, short of 100 events a
 * millisecond. It stays within the 15 digits a lastEventId may have until the year 2286.
 */
const RESTORE_IDS_PER_MS = 100;

/**
 * The copy itself: VACUUM INTO reads inside a single transaction, which in WAL mode never blocks the
 * server's writers, and never restarts under load the way the page-by-page backup API does when another
 * connection writes. Self-contained, because it runs from its source text in a worker thread.
 */
const snapshotWith = (Driver: typeof SQLite, source: string, destination: string): void => {
  const db = new Driver(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(destination);
  } finally {
    db.close();
  }
};

/**
 * Copies a live SQLite database into `destination` as one consistent snapshot, in a worker thread: the
 * copy of a large database takes seconds, and on the server's thread health and every request would wait.
 */
export function copySqliteSnapshot(source: string, destination: string): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { workerData: w } = require('node:worker_threads');
     (${snapshotWith.toString()})(require(w.driver), w.source, w.destination);`,
    { eval: true, workerData: { driver, source, destination } },
  );
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the backup worker exited with ${code}`)),
    );
  });
}

export interface BackupInfo {
  /** The newest event id the backup holds. */
  lastEventId: number;
}

/** Checks that `file` is an intact Adopt-a-Street database; throws an error saying what is wrong. */
export function inspectBackup(file: string): BackupInfo {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} is damaged (integrity check: ${String(integrity)}).`);
    const state = db.prepare("select name from sqlite_master where type = 'table' and name = 'event_log_state'").get();
    if (!state) throw new Error(`${file} is a SQLite database but not an Adopt-a-Street one (no event log).`);
    const row = db.prepare('select last_id as lastId from event_log_state where id = 1').get() as
      | { lastId: number }
      | undefined;
    return { lastEventId: Number(row?.lastId ?? 0) };
  } catch (error) {
    if (error instanceof SQLite.SqliteError) throw new Error(`${file} is not a readable database: ${error.message}`);
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Whether another process (a running server) has the database open. Leaving WAL mode needs every other
 * connection closed, so trying it with no busy wait answers without touching the data.
 */
export function isSqliteInUse(file: string): boolean {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    return db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete';
  } catch (error) {
    if (error instanceof SQLite.SqliteError && error.code.startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Starts a fresh range of event ids in a restored database, above `floor` (the newest id the replaced
 * database reached, when it is readable) and the backup's own: every id a client may hold then falls at or
 * below the trimmed mark or above the newest id, and both answer with a resync. The old log rows go, since
 * nothing can resume from them any more.
 */
export function startNewEventIdRange(file: string, floor: number, now = new Date()): number {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    return db.transaction(() => {
      const { lastId } = db.prepare('select last_id as lastId from event_log_state where id = 1').get() as {
        lastId: number;
      };
      const start = Math.max(Number(lastId), floor, now.getTime() * RESTORE_IDS_PER_MS) + RESTORE_ID_GAP;
      db.prepare('delete from event_log').run();
      db.prepare('update event_log_state set last_id = ?, trimmed_through = ? where id = 1').run(start, start);
      return start;
    })();
  } finally {
    db.close();
  }
}
