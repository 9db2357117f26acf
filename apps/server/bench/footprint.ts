// `pnpm bench --footprint [--rounds 3] [--browsers 100,1000]`: what one process on SQLite costs on this
// machine, beside a bare node:http server measured in the same run: time from spawn to the first health
// answer, idle RSS, and RSS with signed-in browsers holding `live.onChange`. Results: .bench/footprint.json.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/free-port.ts';
import { rssBytes } from './proc-stats.ts';
import { productionNodeFlags, stop } from './processes.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainScript = path.join(serverDir, 'dist/main.js');
/** Long enough for start-up garbage to be collected and timers to settle into their idle rhythm. */
const IDLE_MS = 5000;

const BARE_SERVER = `require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"status":"ok"}');
}).listen(Number(process.env.PORT), '127.0.0.1');`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Started {
  child: ChildProcess;
  url: string;
  /** Spawn to the first 200 from /api/health. */
  readyMs: number;
}

/** Spawns `node <args>` and asks for health every 5 ms until it answers: the time a volunteer's browser waits. */
export async function startAndTime(args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  while (true) {
    if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited (${child.exitCode}) before serving`);
    const status = await fetch(`${url}/api/health`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return { child, url, readyMs: performance.now() - began };
    await pause(5);
  }
}

async function call(url: string, procedure: string, input: unknown, ip: string): Promise<{ token: string }> {
  const res = await fetch(`${url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
    body: JSON.stringify(input),
  });
  if (!res.ok) throw new Error(`${procedure} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { result: { data: { token: string } } }).result.data;
}

/** Signs up `count` people (a few at a time, each from its own address so rate limits do not bite). */
async function signUp(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const ip = `10.9.${n >> 8}.${n & 255}`;
      const input = { email: `browser-${n}@example.org`, name: `Browser ${n}`, password: 'a long password' };
      tokens.push((await call(url, 'auth.register', input, ip)).token);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return tokens;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/** One signed-in browser tab's stream: resolves once the server said `connected`. */
function openBrowser(url: string, token: string): Promise<http.ClientRequest> {
  const input = encodeURIComponent(JSON.stringify({ topics: ['posts', 'events', 'tasks', 'announcements'] }));
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${url}/trpc/live.onChange?input=${input}`,
      { agent, headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` } },
      (res) => {
        res.setEncoding('utf8');
        let head = '';
        const onData = (chunk: string) => {
          head += chunk;
          if (!head.includes('event: connected')) return;
          res.off('data', onData);
          res.resume();
          resolve(req);
        };
        res.on('data', onData);
      },
    );
    req.once('error', reject);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runFootprint({ rounds, browsers }: { rounds: number; browsers: number[] }): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'adopt-a-street-footprint-'));
  const databasePath = path.join(scratch, 'app.db');
  const env = { DATABASE_PATH: databasePath, TRUST_PROXY: 'true', BACKUP_INTERVAL_MINUTES: '0' };
  const samples = { bare: [] as number[], ours: [] as number[] };
  const ready = { bare: [] as number[], ours: [] as number[] };
  const withBrowsers = new Map<number, number>();
  try {
    // The people first, in a process of their own: scrypt's 16 MB per hash would inflate the RSS measured below.
    const most = Math.max(0, ...browsers);
    const setup = await startAndTime([mainScript], env);
    log(`signing up ${most} people…`);
    const tokens = await signUp(setup.url, most);
    await stop(setup.child);

    // Started as deploy/adopt-a-street.service starts it, its Node flags included.
    const flags = productionNodeFlags();
    log(`node flags from apps/server/node-flags: ${flags.join(' ') || '(none)'}`);
    const kinds = [
      ['bare', ['-e', BARE_SERVER]],
      ['ours', [...flags, mainScript]],
    ] as const;
    for (let round = 1; round <= rounds; round++) {
      // Taking turns, so whatever else loads the machine falls on both alike.
      for (const [kind, args] of kinds) {
        const started = await startAndTime([...args], env);
        await pause(IDLE_MS);
        samples[kind].push(rssBytes(started.child.pid as number));
        ready[kind].push(started.readyMs);
        const last = round === rounds && kind === 'ours';
        if (last) {
          const open: http.ClientRequest[] = [];
          for (const count of browsers) {
            while (open.length < count) open.push(await openBrowser(started.url, tokens[open.length] as string));
            await pause(IDLE_MS);
            withBrowsers.set(count, rssBytes(started.child.pid as number));
          }
          for (const req of open) req.destroy();
        }
        await stop(started.child);
      }
      log(`round ${round}: idle RSS bare ${mb(samples.bare.at(-1) ?? 0)}, ours ${mb(samples.ours.at(-1) ?? 0)}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // Against the idle figure of the same process, so the per-browser cost is not blurred by run-to-run noise.
  const idle = samples.ours.at(-1) ?? Number.NaN;
  // With no browsers there is nothing to divide by: the row shows the RSS alone.
  const perBrowser = (rss: number, count: number) =>
    count > 0 ? `${mb(rss)} (${((rss - idle) / count / 1024).toFixed(1)} KB each)` : mb(rss);
  const rows = [
    ['idle RSS (median)', mb(median(samples.ours)), mb(median(samples.bare))],
    [
      'spawn → first health answer (median)',
      `${median(ready.ours).toFixed(0)} ms`,
      `${median(ready.bare).toFixed(0)} ms`,
    ],
    ...browsers.map((n) => [`RSS with ${n} signed-in browsers`, perBrowser(withBrowsers.get(n) ?? Number.NaN, n), '']),
  ];
  const table = [
    `| metric | Adopt-a-Street (node ${[...productionNodeFlags(), 'dist/main.js'].join(' ')}) | bare node:http |`,
    '| --- | ---: | ---: |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  console.log(table);
  const out = path.join(serverDir, '../../.bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'footprint.json'),
    JSON.stringify({ samples, ready, withBrowsers: Object.fromEntries(withBrowsers), node: process.version }, null, 2),
  );
}
