import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, type ServerConfig, startServer } from '../src/app.ts';

export type TestConfig = ServerConfig & { dir: string };

/** A config on a scratch directory (`dir`) that holds the SQLite database and the web app's place. */
export function testConfig(overrides: Partial<ServerConfig> = {}): TestConfig {
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
    MAX_IMPORT_BODY_BYTES: 4_000_000,
    TRUST_PROXY: false,
    SHUTDOWN_GRACE_MS: 2000,
    ...overrides,
    dir,
  };
}

/** The server, in this process, on a port of its own; `close` also removes its scratch directory. */
export interface TestServer extends RunningServer {
  readonly config: TestConfig;
}

async function startOn(config: TestConfig): Promise<TestServer> {
  const running = await startServer(config, pino({ level: 'silent' }));
  return {
    ...running,
    config,
    close: async () => {
      await running.close();
      rmSync(config.dir, { recursive: true, force: true });
    },
  };
}

export function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  return startOn(testConfig(overrides));
}

/**
 * A server for the enclosing suite: started before it, closed after it. Its `config` is there at once;
 * read the rest inside hooks and tests.
 */
export function useTestServer(overrides: Partial<ServerConfig> = {}): Omit<TestServer, 'close'> {
  const config = testConfig(overrides);
  let running: TestServer | undefined;
  beforeAll(async () => {
    running = await startOn(config);
  });
  afterAll(async () => {
    await running?.close();
    rmSync(config.dir, { recursive: true, force: true });
  });
  const started = (): TestServer => {
    if (!running) throw new Error('useTestServer: the server starts in beforeAll; use it inside hooks and tests');
    return running;
  };
  return {
    config,
    get url() {
      return started().url;
    },
    get services() {
      return started().services;
    },
    get server() {
      return started().server;
    },
  };
}
