import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Not a test: `pnpm --filter @adopt/web measure:tabs` runs e2e/measure-tabs.ts through Vitest to reuse the harness.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/measure-tabs.ts'],
    hookTimeout: 60_000,
  },
});
