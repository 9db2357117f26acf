import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppRouter } from '@adopt/api';
import type { Api, App, ContractTarget } from '@adopt/api/contract';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import pino from 'pino';
import { type ServerConfig, startServer } from '../src/app.ts';

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig & { dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-'));
  return {
    PORT: 0,
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'test.db'),
    DATABASE_URL: undefined,
    WEB_DIST: path.join(dir, 'web'),
    SESSION_TTL_DAYS: 30,
    EVENT_RETENTION_DAYS: 7,
    EVENT_RETENTION_COUNT: 100_000,
    MAX_BODY_BYTES: 100_000,
    TRUST_PROXY: false,
    SHUTDOWN_GRACE_MS: 2000,
    ...overrides,
    dir,
  };
}

/** The stock tRPC client over real HTTP: batched queries and mutations, SSE subscriptions with a Bearer header. */
export function httpClient(url: string, token?: string): Api {
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...headers } }),
          }),
        }),
        false: httpBatchLink({ url: `${url}/trpc`, headers: () => headers ?? {} }),
      }),
    ],
  });
}

export const httpTarget: ContractTarget = {
  name: 'real HTTP',
  async start(): Promise<App> {
    const config = testConfig();
    const running = await startServer(config, pino({ level: 'silent' }));
    return {
      client: (token) => httpClient(running.url, token),
      close: async () => {
        await running.close();
        rmSync(config.dir, { recursive: true, force: true });
      },
    };
  },
};
