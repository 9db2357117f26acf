import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { copySqliteSnapshot } from '@adopt/db/sqlite-backup';

const PREFIX = 'adopt-a-street-';
const SUFFIX = '.db';
/** `<backup>.<pid>.partial`: a backup being written, named by its writer so a dead writer's leftover is known. */
const PARTIAL = /\.(\d+)\.partial$/;

/** `adopt-a-street-2026-12-01T23-59-00.123Z.db`: sorts by time, and has no characters a FAT disk refuses. */
export function backupFileName(at: Date): string {
  return `${PREFIX}${at.toISOString().replaceAll(':', '-')}${SUFFIX}`;
}

/** The backups in `folder`, newest first. */
export function listBackups(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .sort()
    .reverse()
    .map((name) => path.join(folder, name));
}

/**
 * Writes a consistent snapshot of the database into `folder` and returns its path. It is written under a
 * temporary name and renamed when complete, so a crash or a full disk never leaves a backup that looks whole.
 */
export async function takeBackup(databasePath: string, folder: string, at = new Date()): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, backupFileName(at));
  const partial = `${file}.${process.pid}.partial`;
  removeAbandonedPartials(folder);
  try {
    await copySqliteSnapshot(databasePath, partial);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return file;
}

/** Deletes all but the newest `keep` backups; returns the deleted paths. */
export function pruneBackups(folder: string, keep: number): string[] {
  const old = listBackups(folder).slice(keep);
  for (const file of old) rmSync(file, { force: true });
  return old;
}

/** Removes half-written backups whose writer is gone (a process killed mid-backup); a live writer's file stays. */
function removeAbandonedPartials(folder: string): void {
  for (const name of readdirSync(folder)) {
    const writer = PARTIAL.exec(name)?.[1];
    if (name.startsWith(PREFIX) && writer !== undefined && !isRunning(Number(writer))) {
      rmSync(path.join(folder, name), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
