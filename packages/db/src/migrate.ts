import { codeUnitOrder, migrateLiveTables, runMigrations } from '@adopt/live/log';
import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Migrations see raw snake_case names, so they run without the app's CamelCasePlugin.
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: migrationProvider,
    nameComparator: codeUnitOrder,
  });
  await runMigrations(migrator, 'Database migration');
  // The live layer's tables have their own migrations; on a database made before it had its own, they adopt them.
  await migrateLiveTables(db.withoutPlugins());
}
