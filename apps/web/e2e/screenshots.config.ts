import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Not a test: `pnpm --filter @adopt/web screenshots` runs e2e/screenshots.ts through Vitest to reuse the harness.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/screenshots.ts'],
    hookTimeout: 60_000,
  },
});
