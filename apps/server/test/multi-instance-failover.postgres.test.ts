import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { canSee, type LiveMessage } from '@adopt/api';
import { LiveRecorder } from '@adopt/api/test/live-recorder';
import { openPostgres, readEventsAfter } from '@adopt/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../../packages/db/test/postgres.ts';
import { httpClient, signUp } from './http-client.ts';
import { useServerProcess } from './server-process.ts';

/**
 * A load balancer in miniature: each new connection goes to the first backend that accepts it, so once
 * instance A is dead its clients land on B when they reconnect.
 */
async function loadBalancer(ports: readonly number[]): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const forward = (client: Socket, candidates: readonly number[]) => {
    const [port, ...rest] = candidates;
    if (port === undefined) return client.destroy();
    const upstream = tcpConnect(port, '127.0.0.1');
    sockets.add(upstream);
    upstream.once('error', () => {
      if (upstream.bytesRead === 0 && upstream.bytesWritten === 0 && !client.destroyed) forward(client, rest);
      else client.destroy();
    });
    upstream.once('connect', () => {
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.once('close', () => {
      sockets.delete(upstream);
      if (upstream.bytesRead > 0) client.destroy();
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    forward(client, ports);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('load balancer has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a client whose instance is killed', () => {
  const database = usePostgresDatabase();
  const a = useServerProcess('failover-a');
  const b = useServerProcess('failover-b');

  beforeAll(async () => {
    for (const instance of [a, b]) await instance.start({ DATABASE_URL: database.url });
  });

  it('reconnects to another instance and resumes from its lastEventId, nothing lost or doubled', async () => {
    const balancer = await loadBalancer([a, b].map((i) => Number(new URL(i.url).port)));
    const { token, user } = await signUp(b.url, 'Ida');
    const onA = httpClient(a.url, { token });
    const onB = httpClient(b.url, { token });
    const viaBalancer = httpClient(balancer.url, { token });
    const topics = ['posts', 'notifications'] as const;
    const { lastEventId } = await viaBalancer.posts.list.query({});
    const stream = new LiveRecorder<LiveMessage<(typeof topics)[number]>>((observer) =>
      viaBalancer.live.onChange.subscribe({ topics: [...topics], lastEventId }, observer as never),
    );
    try {
      for (const body of ['one', 'two']) await onA.posts.create.mutate({ body });
      for (const body of ['three', 'four']) await onB.posts.create.mutate({ body });
      await stream.waitFor((e) => 'record' in e && e.topic === 'posts' && e.record.body === 'four');

      // Writes keep coming through B while A dies under the stream.
      const writing = (async () => {
        for (let i = 0; i < 20; i++) await onB.posts.create.mutate({ body: `during ${i}` });
      })();
      await stream.waitFor((e) => 'record' in e && e.topic === 'posts' && e.record.body === 'during 2');
      a.child.kill('SIGKILL');
      expect(await a.exited).toBe('SIGKILL');
      await writing;
      const last = await onB.posts.create.mutate({ body: 'after' });
      await stream.waitFor((e) => e.type === 'created' && e.id === last.id, 20_000);

      const db = openPostgres({ url: database.url });
      const log = await readEventsAfter(db.kysely, Number(lastEventId)).finally(() => db.close());
      const viewer = { userId: user.id, role: user.role };
      const expected = log
        .filter((e) => (topics as readonly string[]).includes(e.topic) && canSee(JSON.parse(e.audience), viewer))
        .map((e) => String(e.id));
      expect(stream.received.map((r) => r.id)).toEqual(expected);
      const bodies = stream.data.flatMap((e) => ('record' in e && e.topic === 'posts' ? [e.record.body] : []));
      expect(bodies).toEqual([
        'one',
        'two',
        'three',
        'four',
        ...Array.from({ length: 20 }, (_, i) => `during ${i}`),
        'after',
      ]);
      expect(stream.error).toBeNull();
    } finally {
      stream.close();
      await balancer.close();
    }
  });
});
