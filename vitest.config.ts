import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{apps,packages}/*/{src,test,e2e}/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One PostgreSQL for the run; suites that need it create their own database on it.
    globalSetup: ['packages/db/test/postgres-global-setup.ts'],
  },
});
