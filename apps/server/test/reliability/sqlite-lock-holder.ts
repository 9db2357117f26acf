import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';

// Another process holding SQLite's write lock, as a backup tool or the sqlite3 shell does: it opens the file,
// runs BEGIN IMMEDIATE, says "locked", and commits when told "release" on stdin.
const script = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
`;

export interface LockHolder {
  /** Commits the holder's transaction, giving the lock back, and waits for the process to exit. */
  release(): Promise<void>;
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`${line}\n`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before saying "${line}"`)));
  });
}

/** Resolves once a second process holds the write lock on the SQLite file at `databasePath`. */
export async function holdSqliteWriteLock(databasePath: string): Promise<LockHolder> {
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const child = spawn(process.execPath, ['-e', script, betterSqlite, databasePath], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await waitForLine(child, 'locked');
  return {
    async release() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.write('release\n');
      await exited;
    },
  };
}
