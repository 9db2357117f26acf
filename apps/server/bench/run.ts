// `pnpm bench [--clients 10000]`: the same subscribers and events against this project's SSE
// responder, tRPC's built-in SSE streaming and a hand-written SSE loop, in one run. See docs/benchmark.md.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuNanos, rssBytes } from './proc-stats.ts';
import { openFilesLimit, request, spawnNode, stop } from './processes.ts';
import { type BurstResult, type ClientReply, type Mutation, summariseLatency } from './protocol.ts';
import { checkLines, checks, type Results, table } from './report.ts';
import { type RunningTarget, startTarget, TARGET_LABELS, type TargetName } from './targets.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(serverDir, '../..');

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    events: { type: 'string' },
    samples: { type: 'string' },
    bursts: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    targets: { type: 'string', default: 'fast,trpc,baseline' },
    mutation: { type: 'string', default: 'announce' },
    text: { type: 'string', default: 'Litter pick on Elm Street, Saturday 10:00' },
    out: { type: 'string', default: path.join(repoDir, '.bench/results.json') },
    'no-build': { type: 'boolean', default: false },
  },
});

const clients = Number(flags.clients);
// Enough deliveries for a steady CPU reading, few enough that tRPC's path finishes in a minute or two.
const events = Number(flags.events ?? Math.min(100, Math.max(10, Math.round(100_000 / clients))));
const samples = Number(flags.samples ?? Math.min(20, Math.max(5, Math.round(20_000 / clients))));
const bursts = Number(flags.bursts);
const concurrency = Number(flags.concurrency);
const names = flags.targets.split(',') as TargetName[];
if (flags.mutation !== 'announce' && flags.mutation !== 'post') throw new Error('--mutation is announce or post');
const mutation: Mutation = flags.mutation;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Subject {
  name: TargetName;
  server: RunningTarget;
  client: ChildProcess;
  rssIdleBytes: number;
  rssConnectedBytes: number;
  connectMs: number;
  eventBytes: number;
  latencies: number[][];
  bursts: { burst: BurstResult; cpu: number }[];
}

/**
 * All three servers run side by side, each with its own client process, and every phase takes turns
 * between them: the load from whatever else shares the machine then falls on all three alike.
 */
async function measure(scratchDir: string): Promise<Results> {
  const subjects: Subject[] = [];
  try {
    for (const name of names) {
      const server = await startTarget(name, { serverDir, scratchDir, clients });
      const client = spawnNode(['--import', 'tsx', path.join(serverDir, 'bench/sse-clients.ts')], { cwd: serverDir });
      client.stderr?.pipe(process.stderr);
      subjects.push({
        name,
        server,
        client,
        rssIdleBytes: 0,
        rssConnectedBytes: 0,
        connectMs: 0,
        eventBytes: 0,
        latencies: [],
        bursts: [],
      });
    }
    await settle(500);
    for (const subject of subjects) {
      await subject.server.gc();
      subject.rssIdleBytes = rssBytes(subject.server.pid);
      const connected = await request<Extract<ClientReply, { type: 'connected' }>>(
        subject.client,
        { type: 'connect', target: subject.server.info, clients, mutation, text: flags.text },
        'connected',
      );
      subject.connectMs = connected.ms;
      log(`${TARGET_LABELS[subject.name]}: ${clients} subscribers connected in ${connected.ms.toFixed(0)} ms`);
    }
    await settle(1000);
    for (const subject of subjects) {
      await subject.server.gc();
      subject.rssConnectedBytes = rssBytes(subject.server.pid);
    }

    for (let i = 0; i < samples; i++) {
      for (const subject of subjects) {
        const reply = await request<Extract<ClientReply, { type: 'latency' }>>(
          subject.client,
          { type: 'latency' },
          'latency',
        );
        subject.latencies.push(reply.arrivals);
        subject.eventBytes = reply.eventBytes;
        // A moment between samples, so one event's aftermath (GC, flushes) does not time the next.
        await settle(50);
      }
    }
    log(`${samples} single events timed on each`);

    for (let i = 0; i < bursts; i++) {
      for (const subject of subjects) {
        await settle(500);
        const cpuBefore = cpuNanos(subject.server.pid);
        const { result } = await request<Extract<ClientReply, { type: 'burst' }>>(
          subject.client,
          { type: 'burst', events, concurrency },
          'burst',
        );
        const cpu = cpuNanos(subject.server.pid) - cpuBefore;
        subject.bursts.push({ burst: result, cpu });
        log(
          `${TARGET_LABELS[subject.name]}: burst of ${events} events, ${result.deliveries} deliveries in ` +
            `${result.ms.toFixed(0)} ms, ${(cpu / 1000 / result.deliveries).toFixed(1)} µs CPU each`,
        );
      }
    }
  } finally {
    for (const subject of subjects) {
      await request(subject.client, { type: 'close' }, 'closed').catch(() => {});
      await stop(subject.client);
      await stop(subject.server.child);
    }
  }

  const results: Results = {};
  for (const subject of subjects) {
    // The median burst: one burst's CPU reading moves with whatever else the machine is doing.
    const sorted = [...subject.bursts].sort((a, b) => a.cpu - b.cpu);
    const { burst, cpu } = sorted[Math.floor(sorted.length / 2)] as (typeof sorted)[number];
    results[subject.name] = {
      clients,
      connectMs: subject.connectMs,
      rssIdleBytes: subject.rssIdleBytes,
      rssConnectedBytes: subject.rssConnectedBytes,
      memoryPerSubscriberBytes: (subject.rssConnectedBytes - subject.rssIdleBytes) / clients,
      eventBytes: subject.eventBytes,
      latency: summariseLatency(subject.latencies),
      burst: {
        ...burst,
        lost: subject.bursts.reduce((sum, run) => sum + run.burst.lost, 0),
        duplicated: subject.bursts.reduce((sum, run) => sum + run.burst.duplicated, 0),
      },
      cpuNanos: cpu,
      cpuPerDeliveryMicros: cpu / 1000 / burst.deliveries,
    };
  }
  return results;
}

async function main(): Promise<void> {
  const limit = await openFilesLimit();
  if (limit < clients + 200) {
    throw new Error(
      `The open-files limit is ${limit}; ${clients} subscribers need about ${clients + 200}. ` +
        'Raise the hard limit (ulimit -Hn, or LimitNOFILE) and run again.',
    );
  }
  if (!flags['no-build']) {
    log('building the server (pnpm --filter @adopt/server build)…');
    execFileSync('npx', ['-y', 'pnpm@10', '--filter', '@adopt/server', 'build'], { cwd: repoDir, stdio: 'inherit' });
  }
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'adopt-a-street-bench-'));
  let results: Results;
  try {
    results = await measure(scratchDir);
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }

  const eventBytes = results.fast?.eventBytes ?? results.baseline?.eventBytes ?? 0;
  const verdicts = checks(results);
  const cpu = os.cpus();
  const heading =
    `${clients} SSE subscribers of one topic in a separate process, ${eventBytes}-byte events from ` +
    `${mutation === 'announce' ? 'admin.announce' : 'posts.create'}; ${samples} single events timed, then ` +
    `${bursts} bursts of ${events} (${concurrency} mutations in flight, median burst shown). ` +
    `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}.`;
  process.stdout.write(`\n${heading}\n\n${table(results)}\n\nTargets:\n${checkLines(verdicts)}\n`);

  // Relative to where `pnpm bench` was typed, not to apps/server where pnpm runs the script.
  const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), flags.out);
  mkdirSync(path.dirname(out), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: cpu.length, model: cpu[0]?.model.trim(), memoryBytes: os.totalmem() },
    config: { clients, events, samples, bursts, concurrency, mutation, text: flags.text, eventBytes },
    results,
    targets: verdicts,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${out}`);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
