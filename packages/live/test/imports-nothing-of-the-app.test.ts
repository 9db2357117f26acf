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

/** Import specifiers that reach into the app: its packages by name, or any path leaving packages/live. */
function appImports(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)];
  return specifiers
    .map((match) => match[1] as string)
    .filter(
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
});
