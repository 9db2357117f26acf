import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { httpClient, signUp } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { SseStream, subscriptionPath } from '../sse-stream.ts';
import { expectStreamsEqualLog, watch } from './burst.ts';
import { report } from './report.ts';

/**
 * A mutation the server has started on (it parsed the headers and said 100 Continue) whose body is sent only
 * when the test says so: a request provably in flight when SIGTERM arrives.
 */
function startMutation(url: string, procedure: string, input: unknown, token: string) {
  const body = JSON.stringify(input);
  const request = http.request(`${url}/trpc/${procedure}`, {
    method: 'POST',
    agent: false,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Authorization: `Bearer ${token}`,
      Expect: '100-continue',
    },
  });
  const accepted = new Promise<void>((resolve) => request.once('continue', resolve));
  const response = new Promise<{ status: number; json: any }>((resolve, reject) => {
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    request.once('error', reject);
  });
  request.flushHeaders();
  return { accepted, finish: () => request.end(body), response };
}

describe('SIGTERM', () => {
  // A long grace period: the process must exit because everything finished, not because time ran out.
  const server = useServerProcess('sigterm', { SHUTDOWN_GRACE_MS: '20000' });

  it('ends open streams cleanly, finishes in-flight mutations, and clients resume on restart', async () => {
    await server.start();
    const ann = await signUp(server.url, 'Ann');
    const { lastEventId: start } = await ann.api.posts.list.query({});
    const topics = ['posts', 'notifications'];
    const raw = await SseStream.open(server.url, subscriptionPath('live.onChange', { topics, lastEventId: start }), {
      headers: { Authorization: `Bearer ${ann.token}` },
    });
    const stock = watch(
      'stock client',
      httpClient(server.url),
      ['posts'],
      { userId: null, role: null },
      start,
      'posts',
    );
    try {
      const before = await ann.api.posts.create.mutate({ body: 'before SIGTERM' });
      await raw.waitFor((f) => f.data.includes(before.id));
      await stock.recorder.waitFor((e) => e.id === before.id);

      const inFlight = startMutation(server.url, 'posts.create', { body: 'sent during shutdown' }, ann.token);
      await inFlight.accepted;
      const signalledAt = performance.now();
      server.child.kill('SIGTERM');

      // The open stream says why it ends, in tRPC's own protocol, and then ends cleanly.
      const goodbye = await raw.waitFor((f) => f.event === 'serialized-error');
      expect(JSON.parse(goodbye.data)).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE' } });
      expect(goodbye.data).toMatch(/restarting.*resume/i);
      expect(await raw.waitForEnd()).toBe('end');

      inFlight.finish();
      const answered = await inFlight.response;
      expect(answered.status).toBe(200);
      const created = answered.json.result.data as { id: string };
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
      expect(await server.exited).toBe(0);
      const exitMs = Math.round(performance.now() - signalledAt);

      await server.start();
      const after = await ann.api.posts.create.mutate({ body: 'after restart' });
      const resumed = await SseStream.open(
        server.url,
        subscriptionPath('live.onChange', { topics, lastEventId: raw.lastEventId }),
        { headers: { Authorization: `Bearer ${ann.token}` } },
      );
      try {
        await resumed.waitFor((f) => f.data.includes(after.id));
        const bodies = [...raw.events, ...resumed.events].filter((e) => e.data.topic === 'posts').map((e) => e.data.id);
        expect(bodies).toEqual([before.id, created.id, after.id]);
      } finally {
        resumed.close();
      }
      const { checked } = await expectStreamsEqualLog(server.databasePath, Number(start), [stock]);
      report('sigterm', {
        streamEndedWith: 'serialized-error SERVICE_UNAVAILABLE, then a clean end',
        inFlightMutation: `answered ${answered.status}, committed, delivered after resume`,
        msFromSigtermToExit: exitMs,
        exitCode: 0,
        stockClientEventsChecked: checked,
        missing: 0,
        duplicated: 0,
      });
    } finally {
      raw.close();
      stock.recorder.close();
    }
  });
});
