import http from 'node:http';
import { appRouter } from '@adopt/api';
import { seededRandom } from '@adopt/api/test/seeded-random';
import { listProcedures } from '@adopt/live/sse';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHealth } from '../health.ts';
import { signUp } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { report } from './report.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 4242);
const REQUESTS = Number(process.env.FUZZ_HTTP_REQUESTS ?? 400);
const paths = listProcedures(appRouter).map((procedure) => procedure.path);

/** Sends exactly these bytes as one request and reads the status, however odd the request is. */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: number, text: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      request.destroy();
      resolve({ status, text });
    };
    // A request nobody answers is a failure too; open streams are answered at once with `connected`.
    const watchdog = setTimeout(() => settle(-1, 'no answer within 5 s'), 5000);
    const request = http.request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
        // A stream that opened is an answer; an error on it is written in the same breath as `connected`.
        if (res.headers['content-type'] === 'text/event-stream' && text.includes('event: connected')) {
          settle(res.statusCode ?? 0, text);
        }
      });
      res.on('end', () => settle(res.statusCode ?? 0, text));
      res.on('error', () => settle(res.statusCode ?? 0, text));
    });
    request.on('error', (error) => settle(-2, `connection error: ${error.message}`));
    if (body) request.end(body);
    else request.end();
  });
}

/** A tRPC error body (or a batch of results with one) that @trpc/client turns into a TRPCClientError with a code. */
function readableByTRPCClient(text: string): boolean {
  try {
    const body = JSON.parse(text) as unknown;
    const items = Array.isArray(body) ? body : [body];
    return items.some((item) => typeof item?.error?.data?.code === 'string');
  } catch {
    return false;
  }
}

describe('raw HTTP fuzz against the server process', () => {
  const server = useServerProcess('fuzz-http', { TRUST_PROXY: 'true' });
  let token = '';
  beforeAll(async () => {
    await server.start();
    token = (await signUp(server.url, 'Admin')).token;
  });

  it('answers every malformed request with a status below 500, and stays up', async () => {
    const next = seededRandom(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
    const inputs = [
      '{}',
      '{"0":{}}',
      '{"body":"x"}',
      '{"0":{"json":1}}',
      '{"__proto__":{"admin":true}}',
      '[1,2,3]',
      'null',
      '"string"',
      '{"id":{"$gt":""}}',
      '{"lastEventId":"0","topics":["posts"]}',
      '{"0":null,"1":{"body":"y"},"99":{}}',
      '{"body":"\\ud800"}',
      '{"a":',
      '',
      `{"x":"${'z'.repeat(50_000)}"}`,
    ];
    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const procedure =
        next() < 0.85 ? pick(paths) : pick(['', 'nope', 'posts', 'posts..list', '%00', '..%2f..%2f', '__proto__']);
      const batch = next() < 0.2 ? `${procedure},${pick(paths)}` : procedure;
      const query = pick([
        '',
        `?input=${encodeURIComponent(pick(inputs))}`,
        `?batch=1&input=${encodeURIComponent(pick(inputs))}`,
        '?batch=1',
        `?input=${pick(inputs)}`,
        '?input=%E0%A4%A',
        `?lastEventId=${pick(['-1', 'abc', '1e99', '0'])}`,
        '?connectionParams=1&input={}',
      ]);
      const method = pick(['GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD']);
      const body =
        method === 'GET' || method === 'HEAD'
          ? null
          : next() < 0.7
            ? Buffer.from(pick(inputs))
            : junk(Math.floor(next() * 2000));
      const headers: Record<string, string> = {
        'Content-Type': pick([
          'application/json',
          'text/plain',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          '',
        ]),
        ...(next() < 0.5
          ? { Authorization: pick([`Bearer ${token}`, 'Bearer ', 'Basic abc', `Bearer ${'x'.repeat(5000)}`]) }
          : {}),
        ...(next() < 0.3 ? { Accept: 'text/event-stream' } : {}),
        ...(next() < 0.2 ? { 'Last-Event-ID': pick(['0', 'x', '-5', '99999999999999999999']) } : {}),
        ...(next() < 0.2 ? { 'trpc-accept': pick(['application/jsonl', 'bogus']) } : {}),
        ...(next() < 0.2 ? { Origin: pick(['https://evil.example', 'null', server.url]) } : {}),
        ...(next() < 0.1 ? { Cookie: pick(['aas_session=', 'aas_session=%E0%A4%A', `aas_session=${token}`]) } : {}),
      };
      if (!headers['Content-Type']) delete headers['Content-Type'];
      const path = `/trpc/${batch}${query}`;
      const { status, text } = await send(server.url, method, path, headers, body);
      statuses[status] = (statuses[status] ?? 0) + 1;
      // Node answers 431 to a head over 16 KB and closes at once, so a client still sending a body may see a reset.
      const refusedHead = status === -2 && path.length > 16_000;
      if (!refusedHead && (status < 200 || status >= 500 || text.includes('INTERNAL_SERVER_ERROR'))) {
        failures.push(`#${i} (seed ${SEED}) ${method} ${path.slice(0, 200)} → ${status} ${text.slice(0, 300)}`);
      } else if (status >= 400 && method !== 'HEAD' && !readableByTRPCClient(text)) {
        failures.push(
          `#${i} (seed ${SEED}) ${method} ${path.slice(0, 200)} → ${status}, not a tRPC error: ${text.slice(0, 300)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(server.child.exitCode).toBeNull();
    expect((await readHealth(server.url)).status).toBe('ok');
    report('fuzz-http', { seed: SEED, requests: REQUESTS, statuses, serverErrors: 0, crashes: 0 });
  }, 120_000);
});
