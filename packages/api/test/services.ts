import { migrateToLatest, openSqlite } from '@adopt/db';
import { createServices } from '../src/create-services.ts';
import { JobRunner } from '../src/domain/jobs/runner.ts';
import type { Services } from '../src/services.ts';

/** Real services on a private in-memory SQLite database migrated by the real migrations. */
export async function createTestServices(
  overrides: Partial<Services> = {},
): Promise<Services & { close(): Promise<void> }> {
  const database = openSqlite({ filename: ':memory:' });
  await migrateToLatest(database.kysely);
  const jobs = overrides.jobs ?? new JobRunner();
  const services = await createServices({
    db: database.kysely,
    dialect: database.dialect,
    authAttemptsPerMinute: 1000,
    bus: { pollIntervalMs: 0 },
    jobs,
  });
  return {
    ...services,
    ...overrides,
    close: async () => {
      // Jobs still running would otherwise write to a closed database.
      await jobs.drain();
      services.presence.stop();
      services.stats.stop();
      services.bus.stop();
      await database.close();
    },
  };
}
