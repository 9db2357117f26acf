import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Not tests: `pnpm --filter @adopt/web measure:tabs` (and `measure:click`) run e2e/measure-*.ts through Vitest to
// reuse the harness; the script names the file.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/measure-*.ts'],
    hookTimeout: 60_000,
  },
});
