import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { idempotencyKeysMigration } from '../idempotency/migration.ts';

/**
 * The live layer's migrations, recorded in their own table so they never collide with an app's.
 * Frozen in time like any migration. The first adopts an event log that an app's own migrations
 * made before the layer had a package of its own: it creates only what is missing.
 */
const migrations: Record<string, Migration> = {
  '0001-event-log': {
    async up(db: Kysely<any>) {
      // Ids are assigned by the application from event_log_state, never by the database,
      // so the same column type works on SQLite and PostgreSQL.
      await db.schema
        .createTable('event_log')
        .ifNotExists()
        .addColumn('id', 'bigint', (c) => c.primaryKey())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('event_log_state')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_id', 'bigint', (c) => c.notNull())
        .addColumn('trimmed_through', 'bigint', (c) => c.notNull())
        .execute();
      await db
        .insertInto('event_log_state')
        .values({ id: 1, last_id: 0, trimmed_through: 0 })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
  },
  '0002-event-scope': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('event_log').addColumn('scope', 'text').execute();
    },
  },
  '0003-idempotency-keys': idempotencyKeysMigration,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Strings in code-unit order: migration names here, ISO times and ids elsewhere. `localeCompare` (Kysely's
 * default for migration names) pages in ICU's collation data, about 3 MB of RSS, to order them the same way.
 */
export const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Brings the live layer's tables up to date; `db` without the CamelCasePlugin, as migrations see raw names. */
export async function migrateLiveTables(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'live_migration',
    migrationLockTableName: 'live_migration_lock',
    nameComparator: codeUnitOrder,
  });
  await runMigrations(migrator, 'Live layer migration');
}

/** Runs `migrator` to the latest migration; a failure names the migration and keeps its cause. */
export async function runMigrations(migrator: Migrator, what: string): Promise<void> {
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`${what} failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
