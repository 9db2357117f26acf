import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../test/free-port.ts';
import { request, spawnNode, waitForOutput } from './processes.ts';
import type { TargetInfo } from './protocol.ts';

/** `pg2`: two instances of this project's server on one PostgreSQL (see two-instances.ts). */
export type TargetName = 'fast' | 'trpc' | 'baseline' | 'pg2';

export const TARGET_LABELS: Record<TargetName, string> = {
  fast: 'this project',
  trpc: 'tRPC built-in SSE',
  baseline: 'hand-written SSE',
  pg2: 'two instances on PostgreSQL',
};

export const TARGET_NAMES = Object.keys(TARGET_LABELS) as TargetName[];

export interface RunningTarget {
  info: TargetInfo;
  child: ChildProcess;
  pid: number;
  /** Forces a full garbage collection in the server, so memory readings are of live objects. */
  gc(): Promise<void>;
}

export interface StartOptions {
  serverDir: string;
  scratchDir: string;
  clients: number;
  /** PostgreSQL for the real server; without it, a fresh SQLite file in scratchDir. */
  databaseUrl?: string;
  /** Names this process in its profile directory and its errors; defaults to the target's name. */
  label?: string;
  /** Node/V8 flags for the real server (`pnpm bench --node-flags=...`), e.g. to weigh one's CPU cost. */
  nodeFlags?: readonly string[];
}

/** Starts one server to measure: the real one with either responder, or the hand-written baseline. */
export async function startTarget(name: 'fast' | 'trpc' | 'baseline', options: StartOptions): Promise<RunningTarget> {
  const label = options.label ?? name;
  const port = await freePort();
  const gcHook = ['--expose-gc', '--import', path.join(options.serverDir, 'bench/gc-hook.mjs')];
  // BENCH_PROFILE_DIR=/some/dir writes a V8 CPU profile of each server, for finding what to optimise.
  if (process.env.BENCH_PROFILE_DIR)
    gcHook.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}/${label}`);
  const env = { PORT: String(port), HOST: '127.0.0.1' };
  const child =
    name === 'baseline'
      ? spawnNode([...gcHook, path.join(options.serverDir, 'bench/baseline-server.mjs')], {
          cwd: options.serverDir,
          env,
        })
      : spawnNode([...gcHook, ...(options.nodeFlags ?? []), path.join(options.serverDir, 'dist/main.js')], {
          cwd: options.serverDir,
          env: {
            ...env,
            LOG_LEVEL: 'info',
            DATABASE_PATH: path.join(options.scratchDir, `${label}.db`),
            // Set or unset explicitly: a DATABASE_URL in the launcher's environment must not move a SQLite target.
            DATABASE_URL: options.databaseUrl,
            WEB_DIST: path.join(options.scratchDir, 'no-web-app'),
            SSE_RESPONDER: name,
            // Every benchmark client is one anonymous reader on 127.0.0.1.
            SSE_MAX_CONNECTIONS: String(options.clients + 100),
            SSE_MAX_CONNECTIONS_PER_IP: String(options.clients + 100),
            // With SSE_RESPONDER=trpc streams are plain requests to the server, so they count here too.
            HTTP_MAX_CONNECTIONS_PER_IP: String(options.clients + 100),
          },
        });
  await waitForOutput(child, name === 'baseline' ? 'listening' : 'Adopt-a-Street is listening', `${label} server`);
  if (child.pid === undefined) throw new Error(`${label} server has no pid`);
  reportUnexpectedExit(child, label);
  return {
    info: { kind: name === 'baseline' ? 'baseline' : 'trpc', url: `http://127.0.0.1:${port}` },
    child,
    pid: child.pid,
    gc: async () => {
      await request(child, { type: 'bench:gc' }, 'bench:gc-done');
    },
  };
}

/**
 * A server that goes away while it is being measured (a crash, or a signal from outside the bench) says
 * so on stderr with its last output; its clients only see their connections end.
 */
function reportUnexpectedExit(child: ChildProcess, label: string): void {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    // `killed`: the launcher itself signalled it (stop()), as it does at the end.
    if (child.killed) return;
    process.stderr.write(
      `${label} server exited during the run (${signal ?? `exit ${code}`}); its last output:\n${tail}\n`,
    );
  });
}
