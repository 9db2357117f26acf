// Starts the built server as a child process and drives Debian's Chromium against it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serverMain = path.join(root, 'apps/server/dist/main.js');
const webDist = path.join(root, 'apps/web/dist');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A port that was free a moment ago, so a restarted server can come back on the same address. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** Starts `node apps/server/dist/main.js` on `port` with the given database and waits until it listens. */
export async function spawnServer(
  port: number,
  databasePath: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  for (const built of [serverMain, path.join(webDist, 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing. Run \`pnpm build\` before the browser tests.`);
  }
  const child = spawn(process.execPath, [serverMain], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      WEB_DIST: webDist,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('Adopt-a-Street is listening')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, exited };
}

/** One server with its own database in a temp dir; `restart` brings it back on the same port and database. */
export class TestServer {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'adopt-web-e2e-'));
  readonly databasePath = path.join(this.dir, 'app.db');
  private process: ServerProcess | null = null;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    const server = new TestServer(await freePort(), env);
    await server.startProcess();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and database; `env` adds to the configuration it was created with. */
  async startProcess(env: Record<string, string> = {}): Promise<void> {
    this.process = await spawnServer(this.port, this.databasePath, { ...this.env, ...env });
  }

  /** Ends the process without a goodbye (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    const running = this.process;
    this.process = null;
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser tests need Chromium at ${chromiumPath} (Debian: apt-get install chromium).`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
