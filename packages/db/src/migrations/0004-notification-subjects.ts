import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // What a notification is about, so the inbox can link to it without ids in the message.
  await db.schema.alterTable('notifications').addColumn('subject_kind', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('subject_id', 'text').execute();
  // What keeps a one-off award unique, apart from the words a person reads; older rows were keyed by their reason.
  await db.schema.alterTable('rewards').addColumn('award_key', 'text').execute();
  await db
    .updateTable('rewards')
    .set((eb) => ({ award_key: eb.ref('reason') }))
    .execute();
  await db.schema.createIndex('rewards_award_key').on('rewards').columns(['award_key', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rewards_award_key').execute();
  await db.schema.alterTable('rewards').dropColumn('award_key').execute();
  await db.schema.alterTable('notifications').dropColumn('subject_id').execute();
  await db.schema.alterTable('notifications').dropColumn('subject_kind').execute();
}
