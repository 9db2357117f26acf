import { rmSync } from 'node:fs';
import type { App, ContractTarget } from '@adopt/api/contract';
import { defineContract } from '@adopt/api/contract';
import pino from 'pino';
import { describe } from 'vitest';
import { createTestDatabase } from '../../../packages/db/test/postgres.ts';
import { startServer } from '../src/app.ts';
import { httpClient, testConfig } from './http-target.ts';

/** The real server on a fresh PostgreSQL database of its own, driven by the stock tRPC client. */
const postgresHttpTarget: ContractTarget = {
  name: 'real HTTP on PostgreSQL',
  async start(): Promise<App> {
    const database = await createTestDatabase();
    const config = testConfig({ DATABASE_URL: database.url });
    const running = await startServer(config, pino({ level: 'silent' }));
    return {
      client: (token) => httpClient(running.url, token),
      close: async () => {
        await running.close();
        await database.drop();
        rmSync(config.dir, { recursive: true, force: true });
      },
    };
  },
};

describe('API contract over real HTTP on PostgreSQL', () => {
  defineContract(postgresHttpTarget);
});
