import { createServices, failInterruptedJobs, JobRunner, type Services } from '@adopt/api';
import { migrateToLatest, openDatabase, trimEventLog } from '@adopt/db';
import { listenToEventLog } from '@adopt/db/listen';
import { KEY_LIFETIME_MS, purgeIdempotencyKeys } from '@adopt/live/idempotency';
import type { Logger } from 'pino';
import { type BackupHealth, startBackupSchedule } from './backup/backup-schedule.ts';
import { databaseOptions, postgresTimeouts } from './database-options.ts';
import type { ServerEnv } from './env.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ServerServices {
  services: Services;
  /** The scheduled backups' state for health, or undefined when none are scheduled. */
  backupHealth(): BackupHealth | undefined;
  /** Stops the bus, the retention timer and the backups: open streams end so their clients resume elsewhere. */
  stopLive(): void;
  /** After the last request: waits for background jobs, then closes the listener and the database. */
  close(): Promise<void>;
}

/** Trims the event log (and idempotency keys past their 24 hours) now and every hour; a failure is logged and retried. */
async function keepEventLogTrimmed(services: Services, logger: Logger): Promise<NodeJS.Timeout> {
  const trimLog = async () => {
    try {
      const removed = await trimEventLog(services.db, services.config.retention);
      if (removed > 0) logger.info({ removed }, 'trimmed event log');
      const keys = await purgeIdempotencyKeys(services.db, KEY_LIFETIME_MS);
      if (keys > 0) logger.info({ keys }, 'purged idempotency keys');
    } catch (error) {
      logger.error({ err: error }, 'event log retention failed');
    }
  };
  await trimLog();
  const timer = setInterval(trimLog, 60 * 60 * 1000);
  timer.unref();
  return timer;
}

/** The test fault point of TEST_SIGKILL_AFTER_COMMIT_OF_KEY: inert unless that key is set. */
function crashAfterCommitOf(crashKey: string | undefined): ((key: string) => void) | undefined {
  if (crashKey === undefined) return undefined;
  return (key) => {
    if (key === crashKey) process.kill(process.pid, 'SIGKILL');
  };
}

/** The database, the bus and what keeps them running in this process, from the server's config. */
export async function openServerServices(config: ServerEnv, logger: Logger): Promise<ServerServices> {
  const database = await openDatabase(databaseOptions(config, logger));
  await migrateToLatest(database.kysely);
  const services = await createServices({
    db: database.kysely,
    dialect: database.dialect,
    config: {
      sessionTtlMs: config.SESSION_TTL_DAYS * DAY_MS,
      retention: { maxAgeMs: config.EVENT_RETENTION_DAYS * DAY_MS, maxCount: config.EVENT_RETENTION_COUNT },
    },
    bus: {
      onError: (error) => logger.error({ err: error }, 'reading the event log failed; retrying on the next wake-up'),
    },
    jobs: new JobRunner((error, jobId) => logger.error({ err: error, jobId }, 'background job crashed')),
    afterKeyedCommit: crashAfterCommitOf(config.TEST_SIGKILL_AFTER_COMMIT_OF_KEY),
  });
  const { bus } = services;
  // Commits on other instances reach this one's subscribers through LISTEN/NOTIFY; the bus's poll is the safety net.
  const listener = config.DATABASE_URL
    ? await listenToEventLog({
        url: config.DATABASE_URL,
        onWake: () => bus.wake(),
        timeouts: postgresTimeouts(config),
        onError: (error) => logger.warn({ err: error }, 'event-log listener lost its connection; reconnecting'),
      })
    : null;
  // On SQLite this process is the only one running jobs, so every unfinished job was cut off by a stop;
  // on PostgreSQL another instance may be running one, so only jobs silent for a while count.
  const interrupted = await failInterruptedJobs(services, database.dialect === 'sqlite' ? 0 : 10 * 60_000);
  if (interrupted > 0) logger.warn({ interrupted }, 'marked jobs cut off by an earlier stop as failed');
  const retentionTimer = await keepEventLogTrimmed(services, logger);
  const backupEvery = config.DATABASE_URL ? 0 : config.BACKUP_INTERVAL_MINUTES;
  const backups =
    backupEvery > 0
      ? startBackupSchedule({
          databasePath: config.DATABASE_PATH,
          folder: config.BACKUP_DIR,
          intervalMs: backupEvery * 60_000,
          keep: config.BACKUP_KEEP,
          logger,
        })
      : null;
  return {
    services,
    backupHealth: () => backups?.health(),
    stopLive() {
      clearInterval(retentionTimer);
      backups?.stop();
      services.presence.stop();
      services.stats.stop();
      bus.stop();
    },
    async close() {
      await services.jobs?.drain();
      await listener?.close();
      await database.close();
    },
  };
}
