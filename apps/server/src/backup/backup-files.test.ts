import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupFileName, listBackups, takeBackup } from './backup-files.ts';

describe('backup files', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-backup-files-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('clear away what a killed backup left half-written, but not a running backup of another process', async () => {
    const databasePath = path.join(folder, 'app.db');
    new Database(databasePath).exec('create table kept (id integer)').close();
    // A pid that has surely exited: a child that ran and finished.
    const deadWriter = spawnSync(process.execPath, ['-e', '']).pid;
    const abandoned = `${backupFileName(new Date(0))}.${deadWriter}.partial`;
    const running = `${backupFileName(new Date(1))}.${process.ppid}.partial`;
    writeFileSync(path.join(folder, abandoned), 'half a backup');
    writeFileSync(path.join(folder, running), 'a backup still being written');

    const file = await takeBackup(databasePath, folder);

    expect(listBackups(folder)).toEqual([file]);
    expect(readdirSync(folder)).not.toContain(abandoned);
    expect(readdirSync(folder)).toContain(running);
  });
});
