import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from '@adopt/db/test/until';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { hasTool } from './required-tool.ts';
import { useServerProcess } from './server-process.ts';

const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy');
const siteSnippet = path.join(deployDir, 'adopt-a-street.caddy');

interface Reply {
  headers: http2.IncomingHttpHeaders;
  body: string;
}

/** One HTTP/2 request over `session`; the body arrives whole. */
function request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string) {
  return new Promise<Reply>((resolve, reject) => {
    const stream = session.request(headers);
    let text = '';
    let replyHeaders: http2.IncomingHttpHeaders = {};
    stream.setEncoding('utf8');
    stream.on('response', (h) => {
      replyHeaders = h;
    });
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('end', () => resolve({ headers: replyHeaders, body: text }));
    stream.on('error', reject);
    stream.end(body);
  });
}

describe.runIf(hasTool('caddy', 'version'))('Caddy in front of the server, as deploy/ sets it up', () => {
  const server = useServerProcess('caddy', { TRUST_PROXY: 'true' });
  const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-caddy-'));
  let caddy: ChildProcess | undefined;
  let session: http2.ClientHttp2Session;
  let caddyOutput = '';

  beforeAll(async () => {
    await server.start();
    const httpsPort = await freePort();
    // Loopback only, Caddy's own CA, no admin endpoint, nothing written outside `dir`; the site is deploy/'s.
    writeFileSync(
      path.join(dir, 'Caddyfile'),
      `{
	admin off
	local_certs
	skip_install_trust
	auto_https disable_redirects
	https_port ${httpsPort}
	storage file_system ${path.join(dir, 'storage')}
}
import ${siteSnippet}
https://localhost:${httpsPort} {
	bind 127.0.0.1
	import adopt-a-street
}
`,
    );
    const child = spawn('caddy', ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, ADOPT_UPSTREAM: server.url.slice(7) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy = child;
    child.stdout?.on('data', (chunk) => {
      caddyOutput += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      caddyOutput += chunk;
    });
    const rootCert = path.join(dir, 'storage/pki/authorities/local/root.crt');
    await until(
      'Caddy serves HTTPS',
      async () => {
        if (child.exitCode !== null) throw new Error(`caddy exited:\n${caddyOutput}`);
        try {
          const ca = readFileSync(rootCert);
          const probe = http2.connect(`https://127.0.0.1:${httpsPort}`, { ca, servername: 'localhost' });
          const reply = await request(probe, { ':path': '/api/health' });
          probe.close();
          return Number(reply.headers[':status']) === 200;
        } catch {
          return false;
        }
      },
      20_000,
    );
    session = http2.connect(`https://127.0.0.1:${httpsPort}`, { ca: readFileSync(rootCert), servername: 'localhost' });
  });

  afterAll(async () => {
    session?.destroy();
    caddy?.kill('SIGTERM');
    if (caddy && caddy.exitCode === null) await new Promise((resolve) => caddy?.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('adapts deploy/Caddyfile, as installed, into a site for the domain with unbuffered proxying', () => {
    const installed = path.join(dir, 'Caddyfile.installed');
    const caddyfile = readFileSync(path.join(deployDir, 'Caddyfile'), 'utf8');
    writeFileSync(installed, caddyfile.replace('/opt/adopt-a-street/current/deploy/adopt-a-street.caddy', siteSnippet));
    const json = execFileSync('caddy', ['adapt', '--config', installed, '--adapter', 'caddyfile'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(json).toContain('"streets.example.org"');
    expect(json).toContain('"upstreams":[{"dial":"127.0.0.1:3000"}]');
    expect(json).toContain('"flush_interval":-1');
  });

  it('serves the app over HTTPS with a certificate from its own CA, on HTTP/2', async () => {
    const reply = await request(session, { ':path': '/api/health' });
    expect(session.alpnProtocol).toBe('h2');
    expect(session.encrypted).toBe(true);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'ok' });
  });

  it('is trusted as the proxy: a login over HTTPS gets a Secure cookie', async () => {
    const reply = await request(
      session,
      { ':method': 'POST', ':path': '/trpc/auth.register', 'content-type': 'application/json' },
      JSON.stringify({ email: 'caddy@example.org', name: 'Caddy', password: 'a long password' }),
    );
    expect(Number(reply.headers[':status'])).toBe(200);
    expect(String(reply.headers['set-cookie'])).toMatch(/; Secure/i);
  });

  it('delivers each live event the moment it happens, not when the stream ends', async () => {
    const call = async (procedure: string, input: unknown, token?: string) =>
      JSON.parse(
        (
          await request(
            session,
            {
              ':method': 'POST',
              ':path': `/trpc/${procedure}`,
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            JSON.stringify(input),
          )
        ).body,
      ).result.data;
    const { token } = await call('auth.login', { email: 'caddy@example.org', password: 'a long password' });
    // Subscribing from a snapshot's event id: the post below reaches the stream however the two race.
    const { lastEventId } = JSON.parse((await request(session, { ':path': '/trpc/posts.list' })).body).result.data;
    const input = encodeURIComponent(JSON.stringify({ topics: ['posts'], lastEventId }));
    const stream = session.request({ ':path': `/trpc/live.onChange?input=${input}`, accept: 'text/event-stream' });
    stream.setEncoding('utf8');
    // One listener for the stream's life: a chunk arriving between two waits is kept, not dropped.
    let received = '';
    const waiting = new Set<() => void>();
    stream.on('data', (chunk: string) => {
      received += chunk;
      for (const check of waiting) check();
    });
    const arrived = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" through Caddy; got:\n${received}`)), 5000);
        const check = () => {
          if (!received.includes(text)) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      });
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once('response', resolve));
    expect(headers['content-type']).toBe('text/event-stream');
    expect(headers['content-encoding']).toBeUndefined();
    await arrived('event: connected');

    await call('posts.create', { body: 'Litter pick on Saturday' }, token);
    await arrived('Litter pick on Saturday');
    expect(stream.closed).toBe(false);
    stream.close();
  });
});
