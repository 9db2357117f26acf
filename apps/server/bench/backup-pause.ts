// `pnpm bench --backup-pause [--database-mb 50]`: how long health waits while a scheduled backup of a
// database of that size is taken. The server asks for health every 5 ms from spawn for a few seconds that
// hold a backup; the longest wait is what a browser would notice. Results: .bench/backup-pause.json.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { startAndTime } from './footprint.ts';
import { stop } from './processes.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainScript = path.join(serverDir, 'dist/main.js');
const BACKUP_EVERY_SECONDS = 2;
const WATCH_MS = 7000;
const PAGE = 4096;

/** Pads the migrated database with `mb` MB of incompressible rows in a table the app never reads. */
function pad(databasePath: string, mb: number): void {
  const db = new SQLite(databasePath);
  try {
    db.exec('CREATE TABLE bench_padding (bytes BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO bench_padding (bytes) VALUES (randomblob(?))');
    db.transaction(() => {
      for (let i = 0; i < (mb * 1024 * 1024) / PAGE; i++) insert.run(PAGE - 64);
    })();
  } finally {
    db.close();
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function runBackupPause({ databaseMb }: { databaseMb: number }): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'adopt-a-street-backup-pause-'));
  const databasePath = path.join(scratch, 'app.db');
  const backupDir = path.join(scratch, 'backups');
  try {
    const setup = await startAndTime([mainScript], { DATABASE_PATH: databasePath, BACKUP_INTERVAL_MINUTES: '0' });
    await stop(setup.child);
    pad(databasePath, databaseMb);
    const env = {
      DATABASE_PATH: databasePath,
      BACKUP_DIR: backupDir,
      BACKUP_INTERVAL_MINUTES: String(BACKUP_EVERY_SECONDS / 60),
      BACKUP_KEEP: '2',
    };
    const server = await startAndTime([mainScript], env);
    const waits: number[] = [];
    const until = performance.now() + WATCH_MS;
    while (performance.now() < until) {
      const began = performance.now();
      const res = await fetch(`${server.url}/api/health`);
      await res.arrayBuffer();
      waits.push(performance.now() - began);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await stop(server.child);
    const backups = readdirSync(backupDir).filter((name) => name.endsWith('.db')).length;
    if (backups === 0) throw new Error('no backup was written while health was watched');
    const sorted = [...waits].sort((a, b) => a - b);
    const row = {
      databaseMb,
      backups,
      healthAnswers: waits.length,
      longestMs: Math.round(sorted.at(-1) ?? 0),
      p99Ms: Math.round(quantile(sorted, 0.99)),
      medianMs: Math.round(quantile(sorted, 0.5)),
    };
    console.log('| database | backups taken | health answers | longest wait | p99 | median |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(
      `| ${databaseMb} MB | ${row.backups} | ${row.healthAnswers} | ${row.longestMs} ms | ${row.p99Ms} ms | ${row.medianMs} ms |`,
    );
    const out = path.join(serverDir, '../../.bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'backup-pause.json'),
      JSON.stringify({ ...row, waits, node: process.version }, null, 2),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
