import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { newIp, PASSWORD } from '../http-client.ts';
import { useServerProcess } from '../server-process.ts';
import { SseStream, subscriptionPath } from '../sse-stream.ts';
import { openDatabaseFile } from './event-log.ts';
import { report } from './report.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sessions, cookies and logs', () => {
  const server = useServerProcess('sessions', { TRUST_PROXY: 'true', LOG_LEVEL: 'debug' });
  const tokens: string[] = [];
  beforeAll(() => server.start());

  const call = async (procedure: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/trpc/${procedure}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': newIp(), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, cookie: response.headers.get('set-cookie'), json: JSON.parse(text || 'null') };
  };

  const register = async (name: string, headers: Record<string, string> = {}) => {
    const email = `${name.toLowerCase()}-${Date.now()}@example.org`;
    const response = await call('auth.register', { email, name, password: PASSWORD }, headers);
    expect(response.status).toBe(200);
    const token = response.json.result.data.token as string;
    tokens.push(token);
    return { email, token, cookie: response.cookie ?? '' };
  };

  it('sets Secure on the cookie behind an HTTPS proxy, and HttpOnly, SameSite=Lax always', async () => {
    const https = await register('Https', { 'X-Forwarded-Proto': 'https' });
    expect(https.cookie).toMatch(/^aas_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const plain = await register('Plain');
    expect(plain.cookie).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(plain.cookie).not.toMatch(/Secure/);

    const login = await call(
      'auth.login',
      { email: https.email, password: PASSWORD },
      { 'X-Forwarded-Proto': 'https' },
    );
    tokens.push(login.json.result.data.token);
    expect(login.cookie).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const logout = await call(
      'auth.logout',
      {},
      { Authorization: `Bearer ${https.token}`, 'X-Forwarded-Proto': 'https' },
    );
    expect(logout.cookie).toMatch(/^aas_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0; Secure$/);
  });

  it('refuses a cookie-authenticated write from another site, however it is dressed up, and changes nothing', async () => {
    const victim = await register('Victim');
    const cookie = victim.cookie.split(';')[0] as string;
    const own = server.url;
    const port = new URL(own).port;
    const forgeries: { what: string; init: RequestInit & { headers: Record<string, string> }; path?: string }[] = [
      ...[
        'https://evil.example',
        'null',
        `https://127.0.0.1:${port}`,
        `http://127.0.0.1:${port}.evil.example`,
        `http://127.0.0.1:${Number(port) + 1}`,
        `http://localhost:${port}`,
      ].map((origin) => ({
        what: `JSON post from ${origin}`,
        init: {
          method: 'POST',
          headers: { cookie, origin, 'Content-Type': 'application/json' },
          body: JSON.stringify({ body: 'forged' }),
        },
      })),
      {
        what: 'an HTML form post (urlencoded)',
        init: {
          method: 'POST',
          headers: { cookie, origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'body=forged',
        },
      },
      {
        what: 'an HTML form post (text/plain smuggling JSON)',
        init: {
          method: 'POST',
          headers: { cookie, origin: 'https://evil.example', 'Content-Type': 'text/plain' },
          body: '{"body":"forged","x":"="}',
        },
      },
      {
        what: 'an HTML form post (multipart)',
        init: {
          method: 'POST',
          headers: {
            cookie,
            origin: 'https://evil.example',
            'Content-Type': 'multipart/form-data; boundary=xyz',
          },
          body: '--xyz\r\nContent-Disposition: form-data; name="body"\r\n\r\nforged\r\n--xyz--\r\n',
        },
      },
      {
        what: 'a batch of mutations',
        path: 'posts.create,posts.create?batch=1',
        init: {
          method: 'POST',
          headers: { cookie, origin: 'https://evil.example', 'Content-Type': 'application/json' },
          body: JSON.stringify({ 0: { body: 'forged' }, 1: { body: 'forged' } }),
        },
      },
      {
        what: 'a top-level GET navigation (the one cross-site request that carries a Lax cookie)',
        path: `posts.create?input=${encodeURIComponent(JSON.stringify({ body: 'forged' }))}`,
        init: { method: 'GET', headers: { cookie } },
      },
    ];
    const answers: string[] = [];
    for (const { what, init, path = 'posts.create' } of forgeries) {
      const response = await fetch(`${own}/trpc/${path}`, init);
      const text = await response.text();
      answers.push(`${response.status} ${what}`);
      expect(response.status, `${what}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(response.status, what).toBeLessThan(500);
    }
    // The same cookie from the app's own page works, so the refusals were about the origin.
    const allowed = await call('posts.create', { body: 'mine' }, { cookie, origin: own });
    expect(allowed.status).toBe(200);
    const db = openDatabaseFile(server.databasePath);
    const forged = db.prepare("select count(*) as n from posts where body = 'forged'").get() as { n: number };
    db.close();
    expect(forged.n).toBe(0);
    report('foreign-origin', { forgeriesRefused: answers, postsCreatedByForgeries: 0 });
  });

  it('reads a session cookie that is not valid percent-encoding as no cookie, not a server error', async () => {
    // Another app on the same host, or an extension, can leave such a cookie behind; every page would fail.
    for (const value of ['%E0%A4%A', '%', '%zz']) {
      const me = await call('auth.me', undefined, { cookie: `aas_session=${value}` });
      expect(me.status, value).toBe(200);
      expect(me.json.result.data).toBeNull();
      const write = await call('posts.create', { body: 'x' }, { cookie: `aas_session=${value}`, origin: server.url });
      expect(write.status, value).toBe(401);
    }
  });

  it('stores only the SHA-256 of each token, and never logs a token, a cookie or a password', async () => {
    const user = await register('Logged');
    const bearer = { Authorization: `Bearer ${user.token}` };
    const cookie = user.cookie.split(';')[0] as string;
    // Every path a credential travels: queries, mutations, batches, errors, streams, the cookie, a forged token.
    await call('auth.me', undefined, bearer);
    await call('auth.me', undefined, { cookie });
    await call('posts.create', { body: 'hello' }, bearer);
    await call('posts.create', { body: '' }, bearer);
    await call('posts.like', { id: 'missing' }, bearer);
    await call('posts.create', { body: 'from the page' }, { cookie, origin: server.url });
    await call('posts.create', { body: 'forged' }, { cookie, origin: 'https://evil.example' });
    await call('auth.me', undefined, { Authorization: 'Bearer forged-token-that-must-not-be-logged' });
    await call('auth.login', { email: user.email, password: 'wrong password that must not be logged' });
    const stream = await SseStream.open(server.url, subscriptionPath('live.onChange', { topics: ['notifications'] }), {
      headers: { ...bearer, cookie },
    });
    await stream.waitFor((f) => f.event === 'connected');
    stream.close();
    await call('auth.logout', {}, bearer);
    await call('auth.me', undefined, bearer);

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const secrets = [
      ...tokens,
      ...tokens.map(sha256),
      PASSWORD,
      'forged-token-that-must-not-be-logged',
      'wrong password that must not be logged',
    ];
    const logged = secrets.filter((secret) => server.output.includes(secret));
    expect(logged).toEqual([]);
    expect(server.output).toMatch(/"msg":"request"/);

    const db = openDatabaseFile(server.databasePath);
    const sessions = db.prepare('select * from sessions').all() as Record<string, unknown>[];
    const users = db.prepare('select email, password_hash from users').all() as { password_hash: string }[];
    db.close();
    const hashes = new Set(sessions.map((s) => s.token_hash));
    const live = tokens.filter((t) => hashes.has(sha256(t)));
    expect(live.length).toBeGreaterThan(0);
    expect(sessions.flatMap((s) => Object.values(s)).filter((v) => tokens.includes(String(v)))).toEqual([]);
    expect(users.every((u) => u.password_hash.startsWith('scrypt$'))).toBe(true);
    // Not even in the file's free pages or the write-ahead log.
    const files = ['', '-wal', '-shm'].map((suffix) => `${server.databasePath}${suffix}`).filter(existsSync);
    const raw = files.map((f) => readFileSync(f).toString('latin1')).join('');
    expect([...tokens, PASSWORD].filter((secret) => raw.includes(secret))).toEqual([]);
    report('secrets', {
      tokensIssued: tokens.length,
      sessionRowsHoldingSha256: live.length,
      logBytesScanned: server.output.length,
      databaseBytesScanned: raw.length,
      secretsFoundInLogsOrDatabase: 0,
    });
  });
});
