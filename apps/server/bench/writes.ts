// `pnpm bench --writes`: posts.create per second over HTTP with and without an Idempotency-Key, beside the same
// insert without the event log (bench/write-server.ts), in one run, on SQLite and with --postgres on PostgreSQL
// with one and two instances, at rising concurrency. See docs/benchmark.md.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchPostgres, startBenchPostgres } from './bench-postgres.ts';
import { sampleLockWaits } from './lock-waits.ts';
import { spawnNode, stop } from './processes.ts';

/** The bench-only route of bench/write-server.ts. */
export const RAW_POST_PATH = '/bench/raw-post';

export interface WritesOptions {
  serverDir: string;
  postgres: boolean;
  concurrencies: number[];
  seconds: number;
  rounds: number;
}

const VARIANTS = ['raw', 'plain', 'keyed'] as const;
type Variant = (typeof VARIANTS)[number];
export interface WritesRow {
  setup: string;
  concurrency: number;
  /** Median writes per second over the rounds. */
  perSecond: Record<Variant, number>;
  /** PostgreSQL: mean backends busy in a statement or transaction, and mean waiting for a lock, per variant. */
  backends?: Record<Variant, { inTransaction: number; waiting: number }>;
  errors: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Server {
  child: ChildProcess;
  url: string;
}

async function startWriteServer(serverDir: string, env: Record<string, string>): Promise<Server> {
  const child = spawnNode(['--import', 'tsx', path.join(serverDir, 'bench/write-server.ts')], {
    cwd: serverDir,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'silent',
      BACKUP_INTERVAL_MINUTES: '0',
      ...env,
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /write-server listening (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`write server exited (${code}):\n${output}`)));
  });
  return { child, url };
}

/** One account per writer, each from its own address (sign-ups are limited per address). */
async function signUpWriters(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/trpc/auth.register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.77.${i >> 8}.${i & 255}` },
      body: JSON.stringify({
        email: `writer-${randomUUID()}@example.org`,
        name: `Writer ${i}`,
        password: 'bench password',
      }),
    });
    if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    tokens.push(((await res.json()) as { result: { data: { token: string } } }).result.data.token);
  }
  return tokens;
}

function write(variant: Variant, url: string, token: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  if (variant === 'keyed') headers['Idempotency-Key'] = randomUUID();
  const target = variant === 'raw' ? `${url}${RAW_POST_PATH}` : `${url}/trpc/posts.create`;
  return fetch(target, { method: 'POST', headers, body: JSON.stringify({ body: 'Litter pick on Elm Street' }) });
}

/** `concurrency` writers, each with its own account, spread over the instances, each one write in flight. */
async function drive(variant: Variant, urls: string[], tokens: string[], concurrency: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  let errors = 0;
  let firstError = '';
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const url = urls[w % urls.length] as string;
      const token = tokens[w] as string;
      while (performance.now() < deadline) {
        const res = await write(variant, url, token);
        if (res.ok) done++;
        else {
          errors++;
          firstError ||= `${res.status} ${await res.text()}`;
        }
        if (!res.bodyUsed) await res.arrayBuffer();
      }
    }),
  );
  if (firstError) log(`  ${variant}: ${errors} failed writes, the first: ${firstError.slice(0, 200)}`);
  return { perSecond: done / ((performance.now() - started) / 1000), errors };
}

async function measureSetup(
  setup: string,
  servers: Server[],
  options: WritesOptions,
  databaseUrl?: string,
): Promise<WritesRow[]> {
  const maxConcurrency = Math.max(...options.concurrencies);
  const tokens = await signUpWriters(servers[0]?.url as string, maxConcurrency);
  const urls = servers.map((s) => s.url);
  // Warm up: JIT, connection pools, first-post badges.
  for (const variant of VARIANTS) await drive(variant, urls, tokens, maxConcurrency, 1);
  const rows: WritesRow[] = [];
  const locks = databaseUrl ? sampleLockWaits(databaseUrl) : null;
  for (const concurrency of options.concurrencies) {
    const samples: Record<Variant, number[]> = { raw: [], plain: [], keyed: [] };
    const backends: Record<Variant, { inTransaction: number; waiting: number }[]> = { raw: [], plain: [], keyed: [] };
    let errors = 0;
    // The variants take turns within each round, so load from elsewhere on the machine falls on all alike.
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of VARIANTS) {
        locks?.reset();
        const result = await drive(variant, urls, tokens, concurrency, options.seconds);
        if (locks) backends[variant].push(locks.read());
        samples[variant].push(result.perSecond);
        errors += result.errors;
      }
    }
    const perSecond = { raw: median(samples.raw), plain: median(samples.plain), keyed: median(samples.keyed) };
    const meanOf = (list: { inTransaction: number; waiting: number }[]) => ({
      inTransaction: list.reduce((sum, b) => sum + b.inTransaction, 0) / Math.max(1, list.length),
      waiting: list.reduce((sum, b) => sum + b.waiting, 0) / Math.max(1, list.length),
    });
    const busy = locks
      ? { raw: meanOf(backends.raw), plain: meanOf(backends.plain), keyed: meanOf(backends.keyed) }
      : null;
    rows.push({ setup, concurrency, perSecond, errors, ...(busy ? { backends: busy } : {}) });
    log(
      `${setup}, ${concurrency} in flight: raw ${perSecond.raw.toFixed(0)}/s, ` +
        `posts.create ${perSecond.plain.toFixed(0)}/s, with a key ${perSecond.keyed.toFixed(0)}/s`,
    );
  }
  await locks?.stop();
  return rows;
}

async function withServers<T>(
  serverDir: string,
  envs: Record<string, string>[],
  work: (servers: Server[]) => Promise<T>,
): Promise<T> {
  const servers: Server[] = [];
  try {
    // One after the other: each instance migrates the database as it starts.
    for (const env of envs) servers.push(await startWriteServer(serverDir, env));
    return await work(servers);
  } finally {
    for (const server of servers) await stop(server.child);
  }
}

export async function runWrites(options: WritesOptions): Promise<{ rows: WritesRow[]; postgres?: string }> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'adopt-a-street-writes-'));
  let postgres: BenchPostgres | null = null;
  try {
    const sqlite = { DATABASE_PATH: path.join(scratch, 'writes.db'), WEB_DIST: scratch };
    const rows = await withServers(options.serverDir, [sqlite], (servers) =>
      measureSetup('SQLite, 1 instance', servers, options),
    );
    if (options.postgres) {
      postgres = await startBenchPostgres();
      const env = { DATABASE_URL: postgres.url, WEB_DIST: scratch };
      for (const instances of [1, 2]) {
        rows.push(
          ...(await withServers(options.serverDir, Array(instances).fill(env), (servers) =>
            measureSetup(
              `PostgreSQL, ${instances} instance${instances > 1 ? 's' : ''}`,
              servers,
              options,
              postgres?.url,
            ),
          )),
        );
      }
    }
    return { rows, ...(postgres ? { postgres: postgres.description } : {}) };
  } finally {
    await postgres?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
