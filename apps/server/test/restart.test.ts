import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { afterAll, describe, expect, it } from 'vitest';
import { httpClient } from './http-target.ts';
import { freePort, type ServerProcess, spawnServer } from './spawn-server.ts';

describe('a server killed with SIGKILL and restarted', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-restart-'));
  const env = { DATABASE_PATH: path.join(dir, 'app.db'), WEB_DIST: path.join(dir, 'web') };
  let server: ServerProcess | undefined;

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every committed change, and a reconnecting client receives exactly the events it missed', async () => {
    const port = await freePort();
    server = await spawnServer(env, port);
    const anon = httpClient(server.url);
    const { token } = await anon.auth.register.mutate({
      email: 'ada@example.org',
      name: 'Ada',
      password: 'a long password',
    });
    const ada = httpClient(server.url, token);
    const { lastEventId } = await ada.posts.list.query({});
    const reader = httpClient(server.url);
    const feed = new LiveRecorder<{ type: string; id: string }>((observer) =>
      reader.posts.onChange.subscribe({ lastEventId }, observer as never),
    );
    try {
      const before = [];
      for (const body of ['one', 'two', 'three']) before.push(await ada.posts.create.mutate({ body }));
      await feed.waitForCount(3);

      server.child.kill('SIGKILL');
      expect(await server.exited).toBe('SIGKILL');
      server = await spawnServer(env, port);

      const after = [];
      for (const body of ['four', 'five']) after.push(await ada.posts.create.mutate({ body }));
      const received = await feed.waitForCount(5, 20_000);

      expect(received.map((r) => r.data.id)).toEqual([...before, ...after].map((p) => p.id));
      const ids = feed.received.map((r) => Number(r.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const { items } = await ada.posts.list.query({ limit: 10 });
      expect(items.map((p) => p.body)).toEqual(['five', 'four', 'three', 'two', 'one']);
    } finally {
      feed.close();
    }
  });
});
