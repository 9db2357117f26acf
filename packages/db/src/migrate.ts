import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Migrations see raw snake_case names, so they run without the app's CamelCasePlugin.
  const migrator = new Migrator({ db: db.withoutPlugins(), provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
