import { type Database, insertUser, migrateToLatest, openPostgres } from '@adopt/db';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { usePostgresDatabase } from '../../db/test/postgres.ts';
import type { Viewer } from '../src/context.ts';
import { createServices } from '../src/create-services.ts';
import { JobRunner } from '../src/domain/jobs/runner.ts';
import type { ApiConfig, Services } from '../src/services.ts';

export interface PostgresServices {
  /** The shared database, with room for every write of a race to hold a connection at once. */
  readonly db: Kysely<Database>;
  /** One Services per instance, all on that database. */
  readonly instances: readonly Services[];
  /** The first instance's. */
  readonly services: Services;
}

/** Real services on a fresh, migrated PostgreSQL database, for the tests of this file or describe block. */
export function usePostgresServices({
  instances = 1,
  config,
}: {
  instances?: number;
  config?: Partial<ApiConfig>;
} = {}) {
  const database = usePostgresDatabase();
  let db: ReturnType<typeof openPostgres> | undefined;
  const opened: Services[] = [];
  beforeAll(async () => {
    db = openPostgres({ url: database.url, maxConnections: 20 });
    await migrateToLatest(db.kysely);
    for (let i = 0; i < instances; i++) {
      opened.push(
        await createServices({
          db: db.kysely,
          dialect: 'postgres',
          config,
          authAttemptsPerMinute: 1000,
          bus: { pollIntervalMs: 0 },
          jobs: new JobRunner(),
        }),
      );
    }
  });
  afterAll(async () => {
    for (const services of opened) {
      services.presence.stop();
      services.stats.stop();
      services.bus.stop();
    }
    await db?.close();
  });
  return {
    get db() {
      if (!db) throw new Error('usePostgresServices: the database opens in beforeAll; use it inside a test');
      return db.kysely;
    },
    instances: opened,
    get services() {
      const [first] = opened;
      if (!first) throw new Error('usePostgresServices: the services start in beforeAll; use them inside a test');
      return first;
    },
  } satisfies PostgresServices;
}

/** A signed-in person made straight in the database: `person-<n>`, with a session that lasts the test. */
export async function insertPerson(db: Kysely<Database>, n: number, role: 'admin' | 'member'): Promise<Viewer> {
  const user = await insertUser(db, {
    id: `person-${n}`,
    email: `person-${n}@example.org`,
    name: `Person ${n}`,
    passwordHash: 'unused',
    role,
    createdAt: new Date().toISOString(),
  });
  return { ...user, sessionId: `session-${n}`, expiresAt: Date.now() + 60_000 };
}
