import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { type EmbeddedPostgres, externalPostgresUrl, startEmbeddedPostgres } from './embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL on the test run's PostgreSQL server with the right to create databases. */
    postgresServerUrl: string | null;
  }
}

export interface TestDatabase {
  /** Connects to this database only. */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database with a random name on the server at `serverUrl`. */
export async function createDatabaseOn(serverUrl: string): Promise<TestDatabase> {
  const name = `adopt_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
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
