import { migrateToLatest, openSqlite } from '@adopt/db';
import { RateLimiter } from '../src/auth/rate-limit.ts';
import { JobRunner } from '../src/domain/jobs/runner.ts';
import { createEventBus } from '../src/live/bus.ts';
import { defaultApiConfig, type Services } from '../src/services.ts';

/** Real services on a private in-memory SQLite database migrated by the real migrations. */
export async function createTestServices(
  overrides: Partial<Services> = {},
): Promise<Services & { close(): Promise<void> }> {
  const database = openSqlite({ filename: ':memory:' });
  await migrateToLatest(database.kysely);
  const bus = createEventBus(database.kysely, { pollIntervalMs: 0 });
  await bus.start();
  const jobs = overrides.jobs ?? new JobRunner();
  return {
    db: database.kysely,
    dialect: database.dialect,
    bus,
    config: defaultApiConfig,
    authLimiter: new RateLimiter(1000, 60_000),
    connectionStats: () => ({ totalClients: bus.subscribers.size, topics: bus.countByTopic() }),
    jobs,
    ...overrides,
    close: async () => {
      // Jobs still running would otherwise write to a closed database.
      await jobs.drain();
      bus.stop();
      await database.close();
    },
  };
}
