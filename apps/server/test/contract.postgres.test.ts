import { type App, type ContractTarget, defineContract } from '@adopt/api/contract';
import { describe } from 'vitest';
import { createTestDatabase } from '../../../packages/db/test/postgres.ts';
import { httpClient } from './http-client.ts';
import { startTestServer } from './test-server.ts';

/** The real server on a fresh PostgreSQL database of its own, driven by the stock tRPC client. */
const postgresHttpTarget: ContractTarget = {
  name: 'real HTTP on PostgreSQL',
  async start(): Promise<App> {
    const database = await createTestDatabase();
    const server = await startTestServer({ DATABASE_URL: database.url });
    return {
      client: (token) => httpClient(server.url, { token }),
      close: async () => {
        await server.close();
        await database.drop();
      },
    };
  },
};

describe('API contract over real HTTP on PostgreSQL', () => {
  defineContract(postgresHttpTarget);
});
