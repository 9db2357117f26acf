import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ServerEnv } from '../env.ts';
import { takeBackup } from './backup-files.ts';
import { restoreBackup } from './restore.ts';

export const backupUsage = `  admin backup [--to <folder>]   a consistent copy of the database, also while the server runs
  admin restore <backup file>    the server must be stopped; the current database is moved aside`;

/** `admin backup` and `admin restore`: returns the process exit code. */
export async function runBackupCommand(command: 'backup' | 'restore', args: string[], env: ServerEnv): Promise<number> {
  if (env.DATABASE_URL) {
    console.error('backup and restore are for SQLite; on PostgreSQL use pg_dump and pg_restore.');
    return 2;
  }
  const { values, positionals } = parseArgs({ args, options: { to: { type: 'string' } }, allowPositionals: true });
  try {
    if (command === 'backup') {
      if (positionals.length > 0) throw new Error(`backup takes no file name (got ${positionals.join(' ')}).`);
      console.log(`Backup written to ${await takeBackup(env.DATABASE_PATH, values.to ?? env.BACKUP_DIR)}.`);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new Error('restore takes exactly one backup file.');
    const { movedAside, eventIdsFrom } = restoreBackup(path.resolve(file), env.DATABASE_PATH);
    console.log(`Restored ${file} into ${env.DATABASE_PATH}.`);
    if (movedAside) console.log(`The database it replaced is kept at ${movedAside}.`);
    console.log(`Event ids continue after ${eventIdsFrom}: open browsers reload their data when they reconnect.`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
