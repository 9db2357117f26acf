import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { describe, expect, it } from 'vitest';
import { httpClient, signUp } from './http-client.ts';
import { useServerProcess } from './server-process.ts';

describe('a server killed with SIGKILL and restarted', () => {
  const server = useServerProcess('restart');

  it('keeps every committed change, and a reconnecting client receives exactly the events it missed', async () => {
    await server.start();
    const ada = (await signUp(server.url, 'Ada')).api;
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
      await server.start();

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
