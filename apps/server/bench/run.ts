// `pnpm bench [--clients 10000] [--postgres]`: the same subscribers and events against this project's SSE
// responder, tRPC's built-in SSE streaming and a hand-written SSE loop, in one run; with --postgres also
// against two instances of this project's server on one PostgreSQL. See docs/benchmark.md.
// `pnpm bench --footprint` measures memory and start-up time instead (bench/footprint.ts);
// `pnpm bench --backup-pause` how long health waits during a scheduled backup (bench/backup-pause.ts);
// `pnpm bench --writes [--postgres]` write throughput and what durability and exactly-once cost (bench/writes.ts).
// Every fan-out run ends with the time from click to screen in Chromium (bench/click-to-screen.ts; `--no-click`
// leaves it out); `pnpm bench --click` measures only that.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBackupPause } from './backup-pause.ts';
import { type BenchPostgres, startBenchPostgres } from './bench-postgres.ts';
import { clickToScreenText, runClickToScreen } from './click-to-screen.ts';
import { runFootprint } from './footprint.ts';
import { cpuNanos, rssBytes } from './proc-stats.ts';
import { openFilesLimit, productionNodeFlags, request, spawnNode, stop } from './processes.ts';
import type { ClientReply, Mutation } from './protocol.ts';
import { checkLines, checks, type Results, table } from './report.ts';
import { twoInstanceTable } from './report-two-instances.ts';
import { type Subject, summarise } from './subject.ts';
import { startTarget, TARGET_LABELS, TARGET_NAMES, type TargetName } from './targets.ts';
import { runWrites } from './writes.ts';
import { writesTable } from './writes-report.ts';

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
    /** Adds `pg2` (two instances on PostgreSQL) to the targets. */
    postgres: { type: 'boolean', default: false },
    mutation: { type: 'string', default: 'announce' },
    text: { type: 'string', default: 'Litter pick on Elm Street, Saturday 10:00' },
    out: { type: 'string', default: path.join(repoDir, '.bench/results.json') },
    'no-build': { type: 'boolean', default: false },
    /** Node/V8 flags for this project's server, e.g. `--node-flags=--max-opt=1`; default apps/server/node-flags. */
    'node-flags': { type: 'string' },
    /** Memory and start-up time instead of fan-out: see bench/footprint.ts. */
    footprint: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    browsers: { type: 'string', default: '100,1000' },
    /** Health latency during a scheduled backup instead: see bench/backup-pause.ts. */
    'backup-pause': { type: 'boolean', default: false },
    'database-mb': { type: 'string', default: '50' },
    /** Write throughput instead of fan-out: see bench/writes.ts. */
    writes: { type: 'boolean', default: false },
    'in-flight': { type: 'string', default: '1,4,16' },
    seconds: { type: 'string', default: '3' },
    /** Only the time from click to screen in Chromium: see bench/click-to-screen.ts. */
    click: { type: 'boolean', default: false },
    'no-click': { type: 'boolean', default: false },
  },
});

const clients = Number(flags.clients);
// Enough deliveries for a steady CPU reading, few enough that tRPC's path finishes in a minute or two.
const events = Number(flags.events ?? Math.min(100, Math.max(10, Math.round(100_000 / clients))));
const samples = Number(flags.samples ?? Math.min(20, Math.max(5, Math.round(20_000 / clients))));
const bursts = Number(flags.bursts);
const concurrency = Number(flags.concurrency);
const names = flags.targets.split(',') as TargetName[];
for (const name of names) {
  if (!TARGET_NAMES.includes(name))
    throw new Error(`--targets: unknown "${name}"; choose from ${TARGET_NAMES.join(', ')}`);
}
if (flags.postgres && !names.includes('pg2')) names.push('pg2');
// Two instances on PostgreSQL are reported beside one instance on SQLite, measured in the same run.
if (names.includes('pg2') && !names.includes('fast')) names.unshift('fast');
if (flags.mutation !== 'announce' && flags.mutation !== 'post') throw new Error('--mutation is announce or post');
const mutation: Mutation = flags.mutation;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);
const nodeFlags = flags['node-flags']?.split(/\s+/).filter(Boolean) ?? productionNodeFlags();
// Relative to where `pnpm bench` was typed, not to apps/server where pnpm runs the script.
const outPath = (name?: string) => {
  const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), flags.out);
  return name ? path.join(path.dirname(out), name) : out;
};
const writeJson = (file: string, value: unknown) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  log(`\nwrote ${file}`);
};

/** Starts a target's servers: one, or for pg2 two instances of this project's server on one PostgreSQL. */
async function startServers(name: TargetName, scratchDir: string, postgres: BenchPostgres | null) {
  const options = { serverDir, scratchDir, clients, nodeFlags };
  if (name !== 'pg2') return [await startTarget(name, options)];
  if (!postgres) throw new Error('pg2 needs PostgreSQL');
  // One after the other: each instance migrates the database as it starts.
  const first = await startTarget('fast', { ...options, databaseUrl: postgres.url, label: 'pg2-a' });
  try {
    return [first, await startTarget('fast', { ...options, databaseUrl: postgres.url, label: 'pg2-b' })];
  } catch (error) {
    await stop(first.child);
    throw error;
  }
}

/**
 * All servers run side by side, each target with its own client process, and every phase takes turns
 * between them: the load from whatever else shares the machine then falls on all of them alike.
 */
async function measure(scratchDir: string, postgres: BenchPostgres | null): Promise<Results> {
  log(`this project's server: node ${[...nodeFlags, 'dist/main.js'].join(' ')}`);
  const subjects: Subject[] = [];
  try {
    for (const name of names) {
      const servers = await startServers(name, scratchDir, postgres);
      const client = spawnNode(['--import', 'tsx', path.join(serverDir, 'bench/sse-clients.ts')], { cwd: serverDir });
      client.stderr?.pipe(process.stderr);
      subjects.push({
        name,
        servers,
        client,
        rssIdle: [],
        rssConnected: [],
        connectMs: 0,
        eventBytes: 0,
        latencies: [],
        bursts: [],
      });
    }
    await settle(500);
    for (const subject of subjects) {
      for (const server of subject.servers) await server.gc();
      subject.rssIdle = subject.servers.map((server) => rssBytes(server.pid));
      const connected = await request<Extract<ClientReply, { type: 'connected' }>>(
        subject.client,
        { type: 'connect', targets: subject.servers.map((s) => s.info), clients, mutation, text: flags.text },
        'connected',
      );
      subject.connectMs = connected.ms;
      log(`${TARGET_LABELS[subject.name]}: ${clients} subscribers connected in ${connected.ms.toFixed(0)} ms`);
    }
    await settle(1000);
    for (const subject of subjects) {
      for (const server of subject.servers) await server.gc();
      subject.rssConnected = subject.servers.map((server) => rssBytes(server.pid));
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
        const cpuBefore = subject.servers.map((server) => cpuNanos(server.pid));
        const { result, byTarget } = await request<Extract<ClientReply, { type: 'burst' }>>(
          subject.client,
          { type: 'burst', events, concurrency },
          'burst',
        );
        const cpu = subject.servers.map((server, s) => cpuNanos(server.pid) - (cpuBefore[s] ?? 0));
        subject.bursts.push({ result, byTarget, cpu });
        const cpuTotal = cpu.reduce((a, b) => a + b, 0);
        const losses = result.lost || result.duplicated ? `, ${result.lost} lost, ${result.duplicated} duplicated` : '';
        log(
          `${TARGET_LABELS[subject.name]}: burst of ${events} events, ${result.deliveries} deliveries in ` +
            `${result.ms.toFixed(0)} ms, ${(cpuTotal / 1000 / result.deliveries).toFixed(1)} µs CPU each${losses}`,
        );
      }
    }
  } finally {
    for (const subject of subjects) {
      await request(subject.client, { type: 'close' }, 'closed').catch(() => {});
      await stop(subject.client);
      for (const server of subject.servers) await stop(server.child);
    }
  }

  const results: Results = {};
  for (const subject of subjects) results[subject.name] = summarise(subject, clients);
  return results;
}

function build(packages: string[]): void {
  log(`building ${packages.join(' and ')}…`);
  const filters = packages.flatMap((name) => ['--filter', name]);
  execFileSync('npx', ['-y', 'pnpm@10', ...filters, 'build'], { cwd: repoDir, stdio: 'inherit' });
}

async function main(): Promise<void> {
  if (flags['backup-pause']) {
    if (!flags['no-build']) execFileSync('npx', ['-y', 'pnpm@10', 'build'], { cwd: repoDir, stdio: 'inherit' });
    await runBackupPause({ databaseMb: Number(flags['database-mb']) });
    return;
  }
  if (flags.click) {
    if (!flags['no-build']) build(['@adopt/server', '@adopt/web']);
    const click = runClickToScreen(repoDir);
    process.stdout.write(`\n${clickToScreenText(click)}\n`);
    writeJson(outPath('click.json'), { date: new Date().toISOString(), loadAverage: os.loadavg(), ...click });
    return;
  }
  if (flags.footprint) {
    if (!flags['no-build']) execFileSync('npx', ['-y', 'pnpm@10', 'build'], { cwd: repoDir, stdio: 'inherit' });
    await runFootprint({ rounds: Number(flags.rounds), browsers: flags.browsers.split(',').map(Number) });
    return;
  }
  if (flags.writes) {
    const options = {
      serverDir,
      postgres: flags.postgres,
      concurrencies: flags['in-flight'].split(',').map(Number),
      seconds: Number(flags.seconds),
      rounds: Number(flags.rounds),
    };
    const { rows, postgres } = await runWrites(options);
    const cpu = os.cpus();
    const heading =
      `posts.create over HTTP, each writer its own account, one write in flight per writer; median of ` +
      `${options.rounds} rounds of ${options.seconds} s per variant, variants taking turns. ` +
      `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}` +
      `${postgres ? `; ${postgres}` : ''}.`;
    process.stdout.write(`\n${heading}\n\n${writesTable(rows)}\n`);
    writeJson(outPath('writes.json'), { date: new Date().toISOString(), options, postgres, rows });
    return;
  }
  const limit = await openFilesLimit();
  if (limit < clients + 200) {
    throw new Error(
      `The open-files limit is ${limit}; ${clients} subscribers need about ${clients + 200}. ` +
        'Raise the hard limit (ulimit -Hn, or LimitNOFILE) and run again.',
    );
  }
  const click = !flags['no-click'];
  // Click to screen runs the web app too.
  if (!flags['no-build']) build(['@adopt/server', ...(click ? ['@adopt/web'] : [])]);
  const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'adopt-a-street-bench-'));
  let postgres: BenchPostgres | null = null;
  let results: Results;
  try {
    if (names.includes('pg2')) {
      log('starting PostgreSQL for the two instances…');
      postgres = await startBenchPostgres();
      log(`two instances on ${postgres.description}`);
    }
    results = await measure(scratchDir, postgres);
  } finally {
    await postgres?.stop();
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
  const tables = [];
  if (results.trpc || results.baseline || !results.pg2) tables.push(table(results));
  if (results.pg2) {
    tables.push(
      `Two instances on ${postgres?.description}, subscribers split between them, mutations through the first; ` +
        `beside one instance on SQLite from the same run:\n\n${twoInstanceTable(results)}`,
    );
  }
  const targets = verdicts.length > 0 ? `\n\nTargets:\n${checkLines(verdicts)}` : '';
  process.stdout.write(`\n${heading}\n\n${tables.join('\n\n')}${targets}\n`);

  const report = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: cpu.length, model: cpu[0]?.model.trim(), memoryBytes: os.totalmem() },
    config: {
      clients,
      events,
      samples,
      bursts,
      concurrency,
      mutation,
      text: flags.text,
      eventBytes,
      ...(postgres ? { postgres: postgres.description } : {}),
    },
    results,
    targets: verdicts,
  };
  // Written before click to screen starts, so that a failure there loses none of the figures above.
  writeJson(outPath(), report);
  if (!click) return;
  log('\nclick to screen in Chromium (apps/web/e2e/measure-click.ts)…');
  const clickToScreen = runClickToScreen(repoDir);
  process.stdout.write(`\n${clickToScreenText(clickToScreen)}\n`);
  writeJson(outPath(), { ...report, clickToScreen: { loadAverage: os.loadavg(), ...clickToScreen } });
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
