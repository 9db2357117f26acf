import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.ts';
import * as comments from './0002-comments.ts';
import * as moderation from './0003-moderation.ts';
import * as notificationSubjects from './0004-notification-subjects.ts';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-comments': comments,
  '0003-moderation': moderation,
  '0004-notification-subjects': notificationSubjects,
};

/** A static provider: migrations are imported, not read from disk, so a bundled server carries them. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
