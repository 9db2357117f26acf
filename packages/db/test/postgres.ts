import { afterAll, beforeAll, inject } from 'vitest';
import { type EmbeddedPostgres, externalPostgresUrl, startEmbeddedPostgres } from './embedded-postgres.ts';
import { createDatabaseOn, type TestDatabase } from './postgres-database.ts';

export { createDatabaseOn, type TestDatabase } from './postgres-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL on the test run's PostgreSQL server with the right to create databases. */
    postgresServerUrl: string | null;
  }
}

let privateServer: Promise<EmbeddedPostgres> | null = null;

/**
 * The server for this test run: the one the root vitest config's globalSetup started (or the one the environment
 * names); a file run without that setup gets a private server, stopped after the file.
 */
async function serverUrl(): Promise<string> {
  const provided = inject('postgresServerUrl') ?? externalPostgresUrl();
  if (provided) return provided;
  privateServer ??= startEmbeddedPostgres();
  return (await privateServer).url;
}

afterAll(async () => {
  const server = privateServer;
  privateServer = null;
  await (await server)?.stop();
});

/** A fresh, empty database on the test run's PostgreSQL; drop it when done. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return createDatabaseOn(await serverUrl());
}

/**
 * A fresh database for the enclosing suite, dropped after it: suites never see each other's rows or events.
 * Read `url` inside hooks and tests, once the database exists.
 */
export function usePostgresDatabase(): { readonly url: string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url() {
      if (!database) throw new Error('usePostgresDatabase: the database is created in beforeAll; read url in a test');
      return database.url;
    },
  };
}
