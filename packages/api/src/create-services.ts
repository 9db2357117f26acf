import type { Database } from '@adopt/db';
import { IdempotentWrites } from '@adopt/live/idempotency';
import type { Kysely } from 'kysely';
import { RateLimiter } from './auth/rate-limit.ts';
import { JobRunner } from './domain/jobs/runner.ts';
import { type AppEventBusOptions, createEventBus } from './live/bus.ts';
import { type ApiConfig, defaultApiConfig, type Services } from './services.ts';

export interface ServicesOptions {
  db: Kysely<Database>;
  dialect: Services['dialect'];
  config?: Partial<ApiConfig>;
  /** Sign-in attempts allowed per address per minute. */
  authAttemptsPerMinute?: number;
  bus?: AppEventBusOptions;
  jobs?: JobRunner;
  /** Told the key of each keyed write right after its commit, before it is answered (a test fault point). */
  afterKeyedCommit?: (key: string) => void;
}

/** The one place Services are assembled: the server, the admin command and the tests all start here. */
export async function createServices({
  db,
  dialect,
  config,
  authAttemptsPerMinute = 10,
  bus: busOptions,
  jobs = new JobRunner(),
  afterKeyedCommit,
}: ServicesOptions): Promise<Services> {
  const bus = createEventBus(db, busOptions);
  await bus.start();
  return {
    db,
    dialect,
    bus,
    writes: new IdempotentWrites(db, dialect, afterKeyedCommit),
    config: { ...defaultApiConfig, ...config },
    authLimiter: new RateLimiter(authAttemptsPerMinute, 60_000),
    connectionStats: () => ({ totalClients: bus.subscribers.size, topics: bus.countByTopic() }),
    jobs,
  };
}
