import type { Database } from '@adopt/db';
import { IdempotentWrites } from '@adopt/live/idempotency';
import type { Kysely } from 'kysely';
import { RateLimiter } from './auth/rate-limit.ts';
import { JobRunner } from './domain/jobs/runner.ts';
import { PresenceTracker } from './domain/presence/tracker.ts';
import { StatsPublisher } from './domain/stats/publisher.ts';
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
  const fullConfig = { ...defaultApiConfig, ...config };
  // The tracker writes through the services it belongs to; it first needs them once a stream opens.
  let services: Services | undefined;
  const presence = new PresenceTracker(
    () => services as Services,
    fullConfig.presence,
    busOptions?.onError ?? console.error,
  );
  const stats = new StatsPublisher(
    () => services as Services,
    presence.instanceId,
    fullConfig.statsIntervalMs,
    busOptions?.onError ?? console.error,
  );
  const bus = createEventBus(db, busOptions, presence);
  await bus.start();
  services = {
    db,
    dialect,
    bus,
    presence,
    stats,
    writes: new IdempotentWrites(db, dialect, afterKeyedCommit),
    config: fullConfig,
    authLimiter: new RateLimiter(authAttemptsPerMinute, 60_000),
    connectionStats: () => ({ totalClients: bus.subscribers.size, topics: bus.countByTopic() }),
    jobs,
  };
  return services;
}
