// `pnpm release [--out dir] [--no-build]`: one archive a Raspberry Pi runs with Node alone. It holds the
// bundled server, the built web app, deploy/ and the install steps, and only the packages the bundle
// leaves external, installed without their build scripts: the native SQLite module is rebuilt on the
// target with `npm rebuild better-sqlite3` (docs/deploy-pi.md).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXTERNAL_PACKAGES as RUNTIME_PACKAGES } from '../apps/server/external-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: { out: { type: 'string', default: path.join(root, 'release') }, 'no-build': { type: 'boolean' } },
});
const serverDir = path.join(root, 'apps/server');

const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' });
const installedVersion = (name) =>
  JSON.parse(readFileSync(path.join(serverDir, 'node_modules', name, 'package.json'), 'utf8')).version;

if (!flags['no-build']) run('npx', ['-y', 'pnpm@10', 'build']);

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const name = `adopt-a-street-${new Date().toISOString().slice(0, 10)}-${commit}`;
const staging = path.join(flags.out, name);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });

// The same layout as the repository, so the server's defaults (the web app beside it) hold unchanged.
for (const file of ['main.js', 'admin.js']) {
  cpSync(path.join(serverDir, 'dist', file), path.join(staging, 'apps/server/dist', file));
}
cpSync(path.join(serverDir, 'node-flags'), path.join(staging, 'apps/server/node-flags'));
cpSync(path.join(root, 'apps/web/dist'), path.join(staging, 'apps/web/dist'), { recursive: true });
cpSync(path.join(root, 'deploy'), path.join(staging, 'deploy'), { recursive: true });
cpSync(path.join(root, 'docs/deploy-pi.md'), path.join(staging, 'docs/deploy-pi.md'));

// The versions the server was built and tested with, pinned exactly.
const manifest = {
  name: 'adopt-a-street-release',
  version: `0.0.0-${commit}`,
  private: true,
  type: 'module',
  engines: { node: '>=20.19' },
  scripts: {
    start: "node $(grep -v '^#' apps/server/node-flags) apps/server/dist/main.js",
    admin: 'node apps/server/dist/admin.js',
  },
  dependencies: Object.fromEntries(RUNTIME_PACKAGES.map((pkg) => [pkg, installedVersion(pkg)])),
};
writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
// No build scripts here: a binary built on this machine would not load on the Pi's ARM CPU anyway.
run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], staging);

const archive = path.join(flags.out, `${name}.tar.gz`);
run('tar', ['-czf', archive, '-C', flags.out, name]);
rmSync(staging, { recursive: true, force: true });
console.log(`Release archive: ${archive}`);
