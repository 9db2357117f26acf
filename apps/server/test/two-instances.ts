import { afterAll, beforeAll } from 'vitest';
import { usePostgresDatabase } from '../../../packages/db/test/postgres.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export interface TwoInstances {
  /** The PostgreSQL database both instances share. */
  readonly url: string;
  readonly a: TestServer;
  readonly b: TestServer;
}

/** Two server processes on one fresh PostgreSQL database, for the tests of a describe block. */
export function useTwoInstances(): TwoInstances {
  const database = usePostgresDatabase();
  const servers: TestServer[] = [];
  beforeAll(async () => {
    // One after the other: the first migrates the fresh database, the second finds it migrated.
    servers.push(await startTestServer({ DATABASE_URL: database.url }));
    servers.push(await startTestServer({ DATABASE_URL: database.url }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  const started = (i: number) => {
    const server = servers[i];
    if (!server) throw new Error('The two instances start in beforeAll: use them inside a test or a later hook.');
    return server;
  };
  return {
    get url() {
      return database.url;
    },
    get a() {
      return started(0);
    },
    get b() {
      return started(1);
    },
  };
}
