import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { copySqliteSnapshot } from '@adopt/db/sqlite-backup';

const PREFIX = 'adopt-a-street-';
const SUFFIX = '.db';

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
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
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
