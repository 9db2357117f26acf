import type { Database, RetentionPolicy } from '@adopt/db';
import type { IdempotentWrites } from '@adopt/live/idempotency';
import type { Kysely } from 'kysely';
import type { RateLimiter } from './auth/rate-limit.ts';
import type { JobRunner } from './domain/jobs/runner.ts';
import { defaultPresenceConfig, type PresenceConfig } from './domain/presence/config.ts';
import type { PresenceTracker } from './domain/presence/tracker.ts';
import type { StatsPublisher } from './domain/stats/publisher.ts';
import type { AppEventBus } from './live/bus.ts';

export interface ApiConfig {
  sessionTtlMs: number;
  cookieName: string;
  retention: RetentionPolicy;
  presence: PresenceConfig;
  /** How often each instance re-sends its figures on the `stats` topic while an admin watches. */
  statsIntervalMs: number;
}

/** Everything a procedure needs, built once per process and shared by every request. */
export interface Services {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  bus: AppEventBus;
  /** Who has a stream open on this instance, written to the presence table every instance reads. */
  presence: PresenceTracker;
  /** This instance's figures, pushed to admins on the `stats` topic. */
  stats: StatsPublisher;
  /** Mutations in flight and their Idempotency-Keys; every commit on this database claims and records through it. */
  writes: IdempotentWrites;
  config: ApiConfig;
  authLimiter: RateLimiter;
  /** Live connection figures for `admin.stats`, filled in by the transport. */
  connectionStats: () => ConnectionStats;
  /** Runs background jobs and lets shutdown wait for them; without one, jobs run untracked. */
  jobs?: JobRunner;
}

export interface ConnectionStats {
  totalClients: number;
  topics: Record<string, number>;
}

export const defaultApiConfig: ApiConfig = {
  sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  cookieName: 'aas_session',
  retention: { maxAgeMs: 7 * 24 * 60 * 60 * 1000, maxCount: 100_000 },
  presence: defaultPresenceConfig,
  statsIntervalMs: 2000,
};
