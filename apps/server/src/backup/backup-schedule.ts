import type { Logger } from 'pino';
import { pruneBackups, takeBackup } from './backup-files.ts';

/** What health shows about backups: health is public, so it names no path; the log has the details. */
export type BackupHealth =
  | { status: 'off' }
  | { status: 'pending' }
  | { status: 'ok'; lastBackupAt: string }
  | { status: 'failed'; failedAt: string; reason: string; lastBackupAt: string | null };

export interface BackupScheduleOptions {
  databasePath: string;
  folder: string;
  intervalMs: number;
  keep: number;
  logger: Logger;
}

export interface BackupSchedule {
  health(): BackupHealth;
  /**
   * Takes a backup now (also what the timer calls), or joins the one under way; never rejects, the outcome
   * goes to the log and health.
   */
  runNow(): Promise<BackupHealth>;
  stop(): void;
}

/** Online backups of the SQLite database every `intervalMs`, keeping the newest `keep`. */
export function startBackupSchedule({ databasePath, folder, intervalMs, keep, logger }: BackupScheduleOptions) {
  let state: BackupHealth = { status: 'pending' };
  let lastBackupAt: string | null = null;
  let running: Promise<BackupHealth> | null = null;
  const backUp = async (): Promise<BackupHealth> => {
    const at = new Date();
    try {
      const file = await takeBackup(databasePath, folder, at);
      lastBackupAt = at.toISOString();
      state = { status: 'ok', lastBackupAt };
      const removed = pruneBackups(folder, keep);
      logger.info({ file, removed: removed.length }, 'backup written');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = `${code ?? 'error'}: see the server log`;
      state = { status: 'failed', failedAt: at.toISOString(), reason, lastBackupAt };
      logger.error({ err: error, folder }, 'backup failed; the next one is tried at the next interval');
    }
    return state;
  };
  // A copy slower than the interval (a big database, a slow disk) is not started twice.
  const runNow = () => {
    running ??= backUp().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(runNow, intervalMs);
  timer.unref();
  return { health: () => state, runNow, stop: () => clearInterval(timer) } satisfies BackupSchedule;
}
