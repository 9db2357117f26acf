import type { TestProject } from 'vitest/node';
import { externalPostgresUrl, startEmbeddedPostgres } from './embedded-postgres.ts';

/**
 * One PostgreSQL for the whole test run (vitest globalSetup): the one TEST_DATABASE_URL or DATABASE_URL names,
 * or an embedded server on a free port in a temp dir, stopped and removed at the end.
 * Each suite creates its own database on it (see usePostgresDatabase).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = externalPostgresUrl();
  if (external) {
    project.provide('postgresServerUrl', external);
    return async () => {};
  }
  const server = await startEmbeddedPostgres();
  project.provide('postgresServerUrl', server.url);
  return () => server.stop();
}
