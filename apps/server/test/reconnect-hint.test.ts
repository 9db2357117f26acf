import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/app.ts';
import { freePort } from './free-port.ts';
import { httpClient, signUp } from './http-client.ts';
import { testConfig } from './test-server.ts';

const CLIENTS = 20;
/** The stock EventSource waits 3 s unless told otherwise; the server's hint is under a second. */
const BACK_WITHIN_MS = 2500;

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)),
  ]);
}

describe('the stock client honours the retry hint', () => {
  const config = testConfig();
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(config.dir, { recursive: true, force: true });
  });

  it('comes back well before its own 3 s default when the server ends its stream, and resumes', async () => {
    config.PORT = await freePort();
    server = await startServer(config, pino({ level: 'silent' }));
    const author = await signUp(server.url, 'Hint');
    const starts = Array.from({ length: CLIENTS }, () => 0);
    const received = Array.from({ length: CLIENTS }, (): string[] => []);
    const waiters = new Set<() => void>();
    const notify = () => {
      for (const waiter of waiters) waiter();
    };
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!done()) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    const subscriptions = starts.map((_, i) =>
      httpClient(server?.url ?? '').posts.onChange.subscribe(
        {},
        {
          onStarted: () => {
            starts[i] = (starts[i] ?? 0) + 1;
            notify();
          },
          onData: ({ data }) => {
            if (data.type !== 'resync') received[i]?.push(data.id);
            notify();
          },
        },
      ),
    );
    try {
      await within(
        5000,
        until(() => starts.every((n) => n === 1)),
        'all started',
      );
      // The server stops (its streams end with SERVICE_UNAVAILABLE) and is back on the same port at once.
      await server.close();
      server = await startServer(config, pino({ level: 'silent' }));
      await within(
        BACK_WITHIN_MS,
        until(() => starts.every((n) => n === 2)),
        `all ${CLIENTS} back`,
      );
      const post = await author.api.posts.create.mutate({ body: 'after the restart' });
      await within(
        5000,
        until(() => received.every((ids) => ids.includes(post.id))),
        'all received the post',
      );
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
    }
    expect(received.every((ids) => ids.length === 1)).toBe(true);
  });
});
