import { openPostgres } from '@adopt/db';
import { sql } from 'kysely';
import { externalPostgresUrl, startEmbeddedPostgres } from '../../../packages/db/test/embedded-postgres.ts';
import { createDatabaseOn } from '../../../packages/db/test/postgres-database.ts';

/** A fresh database for the two-instance target, on the PostgreSQL the environment names or on an embedded one. */
export interface BenchPostgres {
  /** The fresh database: what both instances get as DATABASE_URL. */
  url: string;
  /** Where it runs, for the report: the server's version and whether the bench started it. */
  description: string;
  /** Drops the database, and stops PostgreSQL if the bench started it. */
  stop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL (else DATABASE_URL) names a server whose role may CREATE DATABASE: the bench
 * creates `adopt_bench_<random>` there and drops it afterwards. Without either, it starts the embedded
 * PostgreSQL the tests use (packages/db/test/embedded-postgres.ts) and removes it afterwards.
 */
export async function startBenchPostgres(env: NodeJS.ProcessEnv = process.env): Promise<BenchPostgres> {
  const external = externalPostgresUrl({ DATABASE_URL: env.BENCH_DATABASE_URL || env.DATABASE_URL });
  const embedded = external ? null : await startEmbeddedPostgres();
  const serverUrl = external ?? (embedded?.url as string);
  try {
    const database = await createDatabaseOn(serverUrl, 'adopt_bench').catch((error: Error) => {
      throw new Error(
        `Could not create a database on ${withoutPassword(serverUrl)} (${error.message}). ` +
          'The bench needs a role that may CREATE DATABASE; it drops what it creates.',
        { cause: error },
      );
    });
    const version = await serverVersion(database.url);
    const where = external
      ? `PostgreSQL ${version} at ${withoutPassword(serverUrl)}`
      : `embedded PostgreSQL ${version} (fsync off)`;
    return {
      url: database.url,
      description: where,
      async stop() {
        await database.drop();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function serverVersion(url: string): Promise<string> {
  const db = openPostgres({ url, maxConnections: 1 });
  try {
    const { rows } = await sql<{ version: string }>`SELECT current_setting('server_version') AS version`.execute(
      db.kysely,
    );
    return rows[0]?.version.split(' ')[0] ?? '?';
  } finally {
    await db.close();
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
