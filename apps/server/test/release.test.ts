import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { until } from '@adopt/db/test/until';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const builtSqlite = path.resolve(here, '../node_modules/better-sqlite3');

/**
 * Stands in for the GitHub release page that `npm rebuild better-sqlite3` downloads a prebuilt binary from on
 * a Pi (this machine reaches only the npm registry): it serves this machine's own build, packed the same way.
 */
async function startPrebuiltHost(scratch: string): Promise<{ url: string; close: () => void }> {
  const packed = path.join(scratch, 'prebuilt.tar.gz');
  await run('tar', ['-czf', packed, '-C', builtSqlite, 'build/Release/better_sqlite3.node']);
  const server = http.createServer((req, res) => {
    if (!req.url?.endsWith('.tar.gz')) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/gzip' });
    createReadStream(packed).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('the release archive', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-release-'));
  const unpacked = path.join(scratch, 'pi');
  let app: string;
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [
      path.join(repo, 'scripts/release.mjs'),
      '--no-build',
      '--out',
      scratch,
    ]);
    const archive = String(/Release archive: (.+)\n/.exec(stdout)?.[1]);
    mkdirSync(unpacked);
    await run('tar', ['-xzf', archive, '-C', unpacked]);
    app = path.join(unpacked, String(readdirSync(unpacked)[0]));
  }, 120_000);

  it('holds the server, the web app and only the packages the server loads at run time', () => {
    expect(existsSync(path.join(app, 'apps/server/dist/main.js'))).toBe(true);
    expect(existsSync(path.join(app, 'apps/server/node-flags'))).toBe(true);
    expect(existsSync(path.join(app, 'apps/web/dist/index.html'))).toBe(true);
    expect(existsSync(path.join(app, 'deploy/adopt-a-street.service'))).toBe(true);
    const packages = readdirSync(path.join(app, 'node_modules'));
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'prom-client', 'sirv', 'pg']));
    for (const tool of ['typescript', 'vite', 'vitest', 'esbuild', 'react', '@adopt', '@trpc', 'kysely', 'zod', 'pino'])
      expect(packages).not.toContain(tool);
    // Built on the target, for its CPU: nothing native travels in the archive.
    expect(existsSync(path.join(app, 'node_modules/better-sqlite3/build'))).toBe(false);
  });

  it('starts with node alone after the documented rebuild, serves the app and takes a backup', async () => {
    const host = await startPrebuiltHost(scratch);
    try {
      await run('npm', ['rebuild', 'better-sqlite3'], {
        cwd: app,
        env: { ...process.env, npm_config_better_sqlite3_binary_host: host.url },
      });
    } finally {
      host.close();
    }
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: path.join(scratch, 'data/app.db'),
      BACKUP_DIR: path.join(scratch, 'backups'),
    };
    // The release's own start command (node with the flags of apps/server/node-flags), as the docs run it.
    const { start } = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')).scripts;
    server = spawn('/bin/sh', ['-c', `exec ${start}`], { cwd: app, env, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    await until(
      'the released server answers health',
      async () => (await fetch(`${url}/api/health`).catch(() => null))?.status === 200,
      15_000,
    );
    expect(await (await fetch(`${url}/`)).text()).toContain('<div id="root">');
    const { stdout } = await run(process.execPath, ['apps/server/dist/admin.js', 'backup'], { cwd: app, env });
    expect(stdout).toContain(`Backup written to ${env.BACKUP_DIR}`);
  }, 60_000);
});
