import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // A banned account keeps its rows (posts, points) but can no longer sign in; the reason is what login says.
  await db.schema.alterTable('users').addColumn('banned_reason', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('presence_hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Hidden, not deleted: the author is told why, and an admin could bring it back.
  await db.schema.alterTable('posts').addColumn('hidden_reason', 'text').execute();
  await db.schema.alterTable('comments').addColumn('hidden_reason', 'text').execute();
  // Who has a stream open on which instance; a dead instance's rows stop being refreshed and expire.
  await db.schema
    .createTable('presence')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('presence_pk', ['instance_id', 'user_id'])
    .execute();
  await db.schema.createIndex('presence_user').on('presence').columns(['user_id', 'seen_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('presence').execute();
  await db.schema.alterTable('comments').dropColumn('hidden_reason').execute();
  await db.schema.alterTable('posts').dropColumn('hidden_reason').execute();
  await db.schema.alterTable('users').dropColumn('presence_hidden').execute();
  await db.schema.alterTable('users').dropColumn('banned_reason').execute();
}
