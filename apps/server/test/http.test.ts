import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './test-server.ts';

describe('the HTTP server', () => {
  const server = useTestServer();
  const { config } = server;
  // A stand-in for the built web app, in place before the server starts and looks for it.
  mkdirSync(config.WEB_DIST, { recursive: true });
  writeFileSync(path.join(config.WEB_DIST, 'index.html'), '<!doctype html><title>Adopt-a-Street</title>');

  const post = (procedure: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('reports health in the documented shape', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      services: { db: 'ok', sse: { totalClients: 0, totalTopics: 0, topics: {} }, backup: { status: 'off' } },
    });
  });

  it('serves the SPA, falling back to index.html for its routes', async () => {
    for (const url of ['/', '/events/123']) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Adopt-a-Street</title>');
    }
    expect((await fetch(`${server.url}/api/nope`)).status).toBe(404);
  });

  it('exposes Prometheus metrics', async () => {
    const first = await (await fetch(`${server.url}/metrics`)).text();
    expect(first).toMatch(/^aas_sse_connections \d+$/m);
    // Latency is counted from the first scrape on, which loads the Prometheus client.
    const second = await (await fetch(`${server.url}/metrics`)).text();
    expect(second).toMatch(
      /^aas_http_request_duration_seconds_bucket\{le="0.005",route="metrics",status="200"\} \d+$/m,
    );
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and accepts it back', async () => {
    const response = await post('auth.register', {
      email: 'cookie@example.org',
      name: 'Cookie',
      password: 'a long password',
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^aas_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const me = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(await me.json()).toMatchObject({ result: { data: { email: 'cookie@example.org' } } });
  });

  it('refuses a cookie-authenticated write from a foreign Origin, and changes nothing', async () => {
    const login = await post('auth.login', { email: 'cookie@example.org', password: 'a long password' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const forged = await post('posts.create', { body: 'forged' }, { cookie, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(/evil\.example/);
    const own = await post('posts.create', { body: 'mine' }, { cookie, origin: server.url });
    expect(own.status).toBe(200);
    const list = (await (await fetch(`${server.url}/trpc/posts.list`)).json()) as {
      result: { data: { items: { body: string }[] } };
    };
    expect(list.result.data.items.map((p) => p.body)).toEqual(['mine']);
  });

  it('refuses a batch of more than 50 calls, and serves one of 50', async () => {
    const batch = (n: number) =>
      fetch(`${server.url}/trpc/${Array.from({ length: n }, () => 'auth.me').join(',')}?batch=1`);
    expect((await batch(50)).status).toBe(200);
    const refused = await batch(51);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/batch/i);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await post('posts.create', { body: 'x'.repeat(config.MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
  });
});
