import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, request, spawnNode, waitForOutput } from './processes.ts';
import type { TargetInfo } from './protocol.ts';

export type TargetName = 'fast' | 'trpc' | 'baseline';

export const TARGET_LABELS: Record<TargetName, string> = {
  fast: 'this project',
  trpc: 'tRPC built-in SSE',
  baseline: 'hand-written SSE',
};

export interface RunningTarget {
  info: TargetInfo;
  child: ChildProcess;
  pid: number;
  /** Forces a full garbage collection in the server, so memory readings are of live objects. */
  gc(): Promise<void>;
}

/** Starts one server to measure: the real one with either responder, or the hand-written baseline. */
export async function startTarget(
  name: TargetName,
  options: { serverDir: string; scratchDir: string; clients: number },
): Promise<RunningTarget> {
  const port = await freePort();
  const gcHook = ['--expose-gc', '--import', path.join(options.serverDir, 'bench/gc-hook.mjs')];
  // BENCH_PROFILE_DIR=/some/dir writes a V8 CPU profile of each server, for finding what to optimise.
  if (process.env.BENCH_PROFILE_DIR)
    gcHook.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}/${name}`);
  const env = { PORT: String(port), HOST: '127.0.0.1' };
  const child =
    name === 'baseline'
      ? spawnNode([...gcHook, path.join(options.serverDir, 'bench/baseline-server.mjs')], {
          cwd: options.serverDir,
          env,
        })
      : spawnNode([...gcHook, path.join(options.serverDir, 'dist/main.js')], {
          cwd: options.serverDir,
          env: {
            ...env,
            LOG_LEVEL: 'info',
            DATABASE_PATH: path.join(options.scratchDir, `${name}.db`),
            WEB_DIST: path.join(options.scratchDir, 'no-web-app'),
            SSE_RESPONDER: name,
            // Every benchmark client is one anonymous reader on 127.0.0.1.
            SSE_MAX_CONNECTIONS: String(options.clients + 100),
            SSE_MAX_CONNECTIONS_PER_IP: String(options.clients + 100),
          },
        });
  await waitForOutput(child, name === 'baseline' ? 'listening' : 'Adopt-a-Street is listening', `${name} server`);
  if (child.pid === undefined) throw new Error(`${name} server has no pid`);
  return {
    info: { kind: name === 'baseline' ? 'baseline' : 'trpc', url: `http://127.0.0.1:${port}` },
    child,
    pid: child.pid,
    gc: async () => {
      await request(child, { type: 'bench:gc' }, 'bench:gc-done');
    },
  };
}
