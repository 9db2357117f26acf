import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { freePort } from './free-port.ts';

const mainScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

/** How a process ended: its exit code, or the signal that ended it. */
export type ExitStatus = number | NodeJS.Signals | null;

/**
 * The built server (dist/main.js) as its own process, the way it runs in production, with a scratch directory
 * for its SQLite database: it can be killed, started again on the same port and database, and its logs and
 * memory read from outside.
 */
export class ServerProcess {
  readonly dir: string;
  readonly databasePath: string;
  /** Everything the server wrote to stdout and stderr, across restarts. */
  output = '';
  private port: number | undefined;
  private running: { child: ChildProcess; exited: Promise<ExitStatus> } | undefined;

  /** `env` goes to every start; by default the server uses the scratch database and an empty web app. */
  constructor(
    name: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), `adopt-a-street-${name}-`));
    this.databasePath = path.join(this.dir, 'app.db');
  }

  /** Starts the server, or starts it again on the same port; `env` adds to the one it was made with. */
  async start(env: Record<string, string> = {}): Promise<void> {
    if (this.isRunning()) throw new Error(`The server at ${this.url} is still running: stop it first.`);
    if (!existsSync(mainScript)) throw new Error(`${mainScript} is missing. Run \`pnpm build\` before these tests.`);
    this.port ??= await freePort();
    const child = spawn(process.execPath, [mainScript], {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DATABASE_PATH: this.databasePath,
        WEB_DIST: this.dir,
        ...this.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    this.running = { child, exited };
    // Only this start's output counts: an earlier start on the same port said it was listening too.
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        this.output += chunk.toString();
        output += chunk.toString();
        if (output.includes('Adopt-a-Street is listening')) resolve();
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      void exited.then((status) => reject(new Error(`server exited (${status}) before listening:\n${output}`)));
    });
  }

  get url(): string {
    if (this.port === undefined) throw new Error('The server has no port until it is started.');
    return `http://127.0.0.1:${this.port}`;
  }

  /** The process of the latest start. */
  get child(): ChildProcess {
    return this.latest().child;
  }

  /** Resolves with how the process of the latest start ended. */
  get exited(): Promise<ExitStatus> {
    return this.latest().exited;
  }

  get pid(): number {
    const { pid } = this.child;
    if (pid === undefined) throw new Error('the server process has no pid');
    return pid;
  }

  /** Resident memory of the server process in KiB, from /proc (Linux). */
  rssKib(): number {
    return this.procStatus('VmRSS');
  }

  /** The most resident memory the process has had so far, in KiB. */
  peakRssKib(): number {
    return this.procStatus('VmHWM');
  }

  /** Sends a signal, unless the process has already exited, and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitStatus> {
    if (!this.running) return null;
    if (this.isRunning()) this.running.child.kill(signal);
    return this.running.exited;
  }

  /** Kills the process, if it runs, and removes the scratch directory. */
  async close(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private isRunning(): boolean {
    const child = this.running?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  private latest(): { child: ChildProcess; exited: Promise<ExitStatus> } {
    if (!this.running) throw new Error('The server has not been started.');
    return this.running;
  }

  private procStatus(field: string): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`${field} not found in /proc/${this.pid}/status`);
    return Number(match[1]);
  }
}

/** A server process for the enclosing suite, killed and its scratch directory removed after it; start it yourself. */
export function useServerProcess(name: string, env: Record<string, string> = {}): ServerProcess {
  const server = new ServerProcess(name, env);
  afterAll(() => server.close());
  return server;
}
