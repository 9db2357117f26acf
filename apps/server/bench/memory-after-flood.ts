// Does the server give memory back after a flood of streams? Starts the built server, reads its idle
// RSS, opens N SSE streams (raw sockets, anonymous readers of announcements.onChange), closes them all,
// then reads RSS again every few seconds for a minute. With --gc the server may be told to collect
// (bench/gc-hook.mjs), to tell garbage the server has not collected yet from memory still held.
//   npx tsx apps/server/bench/memory-after-flood.ts [--streams 10000] [--wait 60] [--gc] [--env K=V,...]
// (after `npx -y pnpm@10 build`)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../test/free-port.ts';
import { request, spawnNode, waitForOutput } from './processes.ts';
import { RawSse } from './raw-sse.ts';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '10000' },
    wait: { type: 'string', default: '60' },
    gc: { type: 'boolean', default: false },
    env: { type: 'string', default: '' },
  },
});
const streams = Number(values.streams);
const extraEnv = Object.fromEntries(
  values.env
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-memory-'));
const port = await freePort();
const child = spawnNode([...(values.gc ? ['--expose-gc', '--import', './bench/gc-hook.mjs'] : []), 'dist/main.js'], {
  cwd: serverDir,
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'app.db'),
    WEB_DIST: path.join(dir, 'no-web-app'),
    LOG_LEVEL: 'info',
    SSE_MAX_CONNECTIONS: String(streams + 100),
    SSE_MAX_CONNECTIONS_PER_IP: String(streams + 100),
    HTTP_MAX_CONNECTIONS_PER_IP: String(streams + 100),
    ...extraEnv,
  },
});
child.stdout?.on('data', (chunk: Buffer) => {
  if (chunk.includes('collected the garbage')) console.log('server: collected the garbage of closed connections');
});
await waitForOutput(child, '', 'server');
const url = new URL(`http://127.0.0.1:${port}`);
await until(async () => (await fetch(`${url}api/health`).catch(() => null))?.ok === true);

/** Resident memory and how much of it is anonymous (heaps, malloc arenas), from /proc, in MB. */
function memory(): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm'))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

async function until(done: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const seconds = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
const show = (label: string) => {
  const { rss, anon } = memory();
  console.log(`${label.padEnd(34)} RSS ${rss.toFixed(1).padStart(6)} MB  (anonymous ${anon.toFixed(1)} MB)`);
  return rss;
};

await seconds(2);
const idle = show('idle');
let connected = 0;
const open: RawSse[] = [];
for (let i = 0; i < streams; i++) {
  open.push(
    RawSse.open(url, '/trpc/announcements.onChange', (frame) => {
      if (frame.event === 'connected') connected += 1;
    }),
  );
  if (i % 500 === 499) await until(() => connected >= i - 1000);
}
await until(() => connected === streams);
show(`${streams} streams open`);
for (const stream of open) stream.close();
open.length = 0;
await until(async () => {
  const health = (await (await fetch(`${url}api/health`)).json()) as { services: { sse: { totalClients: number } } };
  return health.services.sse.totalClients === 0;
});
show('all closed');
const wait = Number(values.wait);
let last = 0;
for (let t = 10; t <= wait; t += 10) {
  await seconds(10);
  last = show(`${t} s after`);
}
if (values.gc) {
  await request(child, { type: 'bench:gc' }, 'bench:gc-done');
  show('after a forced full GC');
}
console.log(`idle ${idle.toFixed(1)} MB, ${wait} s after ${streams} streams closed ${last.toFixed(1)} MB`);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
