import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../spawn-server.ts';

const mainScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

/** A scratch directory for one test file's database; removed by `cleanup`. */
export function scratchDir(name: string): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `adopt-a-street-${name}-`));
  return { dir, dbPath: path.join(dir, 'app.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The built server (dist/main.js) as its own process, the way it runs in production:
 * it can be killed, restarted on the same port, and its logs and memory read from outside.
 */
export class ServerProcess {
  readonly url: string;
  /** Everything the process wrote to stdout and stderr, across the whole run. */
  output = '';
  readonly exited: Promise<number | NodeJS.Signals | null>;
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  static async start(env: Record<string, string>, port?: number): Promise<ServerProcess> {
    const chosen = port ?? (await freePort());
    const child = spawn(process.execPath, [mainScript], {
      env: { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(chosen), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, chosen);
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (server.output.includes('Adopt-a-Street is listening')) resolve();
      };
      child.stdout?.on('data', check);
      server.exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${server.output}`)));
    });
    return server;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the server process has no pid');
    return this.child.pid;
  }

  /** Resident memory of the server process in KiB, from /proc (Linux). */
  rssKib(): number {
    return this.procStatus('VmRSS');
  }

  /** The most resident memory the process has had so far, in KiB. */
  peakRssKib(): number {
    return this.procStatus('VmHWM');
  }

  private procStatus(field: string): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`${field} not found in /proc/${this.pid}/status`);
    return Number(match[1]);
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | NodeJS.Signals | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Starts the same server again on the same port, as an operator's restart would. */
  restart(env: Record<string, string>): Promise<ServerProcess> {
    return ServerProcess.start(env, this.port);
  }
}

export interface Health {
  status: string;
  services: { db: string; sse: { totalClients: number; totalTopics: number; topics: Record<string, number> } };
}

export async function readHealth(url: string): Promise<Health> {
  const response = await fetch(`${url}/api/health`);
  return (await response.json()) as Health;
}
