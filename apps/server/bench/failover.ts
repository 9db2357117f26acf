// How long clients whose stream a server ends take to be back on another one. Two server processes on
// one SQLite file behind a TCP proxy that sends each new connection to the first that accepts it;
// N stock tRPC clients (httpSubscriptionLink over the `eventsource` package) subscribe through it, then
// the first server gets SIGTERM. Reported: time from SIGTERM to each client's stream being open again.
//   npx tsx apps/server/bench/failover.ts [--clients 200]   (after `npx -y pnpm@10 build`)
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../test/free-port.ts';
import { httpClient } from '../test/http-client.ts';
import { spawnNode, waitForOutput } from './processes.ts';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '200' } } });
const clients = Number(values.clients);
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-failover-'));

async function startInstance(port: number) {
  const child = spawnNode(['dist/main.js'], {
    cwd: serverDir,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(dir, 'app.db'),
      LOG_LEVEL: 'info',
      // Every client is one anonymous reader on 127.0.0.1.
      SSE_MAX_CONNECTIONS_PER_IP: String(clients + 100),
    },
  });
  await waitForOutput(child, 'Adopt-a-Street is listening', `server on ${port}`);
  return child;
}

/** Each new connection goes to the first upstream that accepts it, as a load balancer fails over. */
function failoverProxy(upstreams: number[]): net.Server {
  return net.createServer((downstream) => {
    downstream.on('error', () => {});
    const tryUpstream = (index: number) => {
      const port = upstreams[index];
      if (port === undefined) return downstream.destroy();
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => (upstream.bytesRead === 0 ? tryUpstream(index + 1) : downstream.destroy()));
      upstream.once('connect', () => {
        upstream.on('error', () => downstream.destroy());
        downstream.pipe(upstream).pipe(downstream);
        downstream.once('close', () => upstream.destroy());
        upstream.once('close', () => downstream.destroy());
      });
    };
    tryUpstream(0);
  });
}

const [first, second, proxyPort] = [await freePort(), await freePort(), await freePort()];
const a = await startInstance(first);
const b = await startInstance(second);
const proxy = failoverProxy([first, second]);
await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${proxyPort}`;

const startedAt: number[][] = Array.from({ length: clients }, () => []);
/** When each client saw its stream end (the server's SERVICE_UNAVAILABLE, or the cut). */
const endedAt: (number | null)[] = startedAt.map(() => null);
let onStart = () => {};
const subscriptions = startedAt.map((starts, i) =>
  httpClient(url).announcements.onChange.subscribe(
    {},
    {
      onStarted: () => {
        starts.push(performance.now());
        onStart();
      },
      onConnectionStateChange: (state) => {
        if (state.state === 'connecting' && state.error && starts.length === 1) endedAt[i] ??= performance.now();
      },
    },
  ),
);
const allStarted = (n: number) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not all ${clients} clients started ${n} time(s) in 30 s`)),
      30_000,
    );
    onStart = () => {
      if (startedAt.every((s) => s.length >= n)) {
        clearTimeout(timer);
        resolve();
      }
    };
    onStart();
  });

await allStarted(1);
const ended = performance.now();
a.kill('SIGTERM');
await allStarted(2);
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((x, y) => x - y);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(0);
  return `first ${at(0)} ms, p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, all ${at(1)} ms`;
};
console.log(`${clients} clients, SIGTERM to the first of two instances behind a failover proxy:`);
console.log(`  stream ended:          ${summary(endedAt.map((t) => (t ?? Number.NaN) - ended))} after SIGTERM`);
console.log(`  back on the other:     ${summary(startedAt.map((s) => (s[1] as number) - ended))} after SIGTERM`);
console.log(
  `  from its stream's end: ${summary(startedAt.map((s, i) => (s[1] as number) - (endedAt[i] ?? Number.NaN)))}`,
);
for (const subscription of subscriptions) subscription.unsubscribe();
proxy.close();
b.kill('SIGTERM');
await new Promise((resolve) => b.once('exit', resolve));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
