import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)];
  return specifiers.map((match) => match[1] as string);
}

/** Import specifiers that reach into the app: its packages by name, or any path leaving packages/live. */
function appImports(file: string): string[] {
  return importsOf(file).filter(
    (spec) =>
      spec.startsWith('@adopt/') ||
      (spec.startsWith('.') && relative(root, resolve(dirname(file), spec)).startsWith('..')),
  );
}

describe('packages/live is generic', () => {
  it('imports nothing of Adopt-a-Street (no @adopt/*, no path out of packages/live)', () => {
    const found = sources(root).flatMap((file) => appImports(file).map((spec) => `${relative(root, file)}: ${spec}`));
    expect(found).toEqual([]);
  });

  it('ships a browser side that imports only its own folder, TanStack Query, idb (its write queue) and types', () => {
    const browser = join(root, 'src/browser');
    const files = sources(browser).filter((file) => !file.endsWith('.test.ts'));
    expect(files.map((file) => relative(browser, file))).toContain('connection.ts');
    const allowed = (file: string, spec: string) =>
      spec === '@tanstack/query-core' ||
      (spec === 'idb' && relative(browser, file) === join('writes', 'write-store.ts')) ||
      (spec.startsWith('.') && !relative(browser, resolve(dirname(file), spec)).startsWith('..'));
    const valueImports = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*?from ['"]([^'"]+)['"]/gms)].map((m) => m[1]!);
    const found = files.flatMap((file) =>
      valueImports(file)
        .filter((spec) => !allowed(file, spec))
        .map((spec) => `${relative(root, file)}: ${spec}`),
    );
    expect(found).toEqual([]);
  });
});
