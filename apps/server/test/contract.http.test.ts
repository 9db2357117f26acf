import { type App, type ContractTarget, defineContract } from '@adopt/api/contract';
import { describe } from 'vitest';
import { httpClient } from './http-client.ts';
import { startTestServer } from './test-server.ts';

/** The real server on a fresh SQLite database of its own, driven by the stock tRPC client. */
const httpTarget: ContractTarget = {
  name: 'real HTTP',
  async start(): Promise<App> {
    const server = await startTestServer();
    return { client: (token) => httpClient(server.url, { token }), close: () => server.close() };
  },
};

describe('API contract over real HTTP with the stock tRPC client', () => {
  defineContract(httpTarget);
});
