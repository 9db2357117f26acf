import type { Kysely, Migration } from 'kysely';

/** Frozen: the table behind idempotency keys, keyed by viewer and key so a key is bound to who sent it. */
export const idempotencyKeysMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('idempotency_key')
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('event_id', 'bigint')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_key_pk', ['owner', 'key'])
      .execute();
    // Purging by age scans this, not the whole table.
    await db.schema.createIndex('idempotency_key_created_at').on('idempotency_key').column('created_at').execute();
  },
};
