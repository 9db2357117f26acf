import { type Kysely, sql } from 'kysely';
import type { IdempotencyKeyTable } from './tables.ts';

type KeyDb = Kysely<{ idempotencyKey: IdempotencyKeyTable }>;
// Any app database holding the live tables; Kysely's types cannot narrow one to them.
const asKeyDb = (db: Kysely<any>) => db as KeyDb;

export type StoredKey = Pick<IdempotencyKeyTable, 'fingerprint' | 'result' | 'eventId'>;

export async function findStoredKey(db: Kysely<any>, owner: string, key: string): Promise<StoredKey | undefined> {
  const row = await asKeyDb(db)
    .selectFrom('idempotencyKey')
    .select(['fingerprint', 'result', 'eventId'])
    .where('owner', '=', owner)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { ...row, eventId: row.eventId === null ? null : Number(row.eventId) };
}

export async function insertStoredKey(db: Kysely<any>, row: IdempotencyKeyTable): Promise<void> {
  await asKeyDb(db).insertInto('idempotencyKey').values(row).execute();
}

export async function updateStoredResult(db: Kysely<any>, owner: string, key: string, result: string): Promise<void> {
  await asKeyDb(db)
    .updateTable('idempotencyKey')
    .set({ result })
    .where('owner', '=', owner)
    .where('key', '=', key)
    .execute();
}

/** Deletes keys older than `maxAgeMs`; returns how many. */
export async function purgeIdempotencyKeys(db: Kysely<any>, maxAgeMs: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - maxAgeMs).toISOString();
  const result = await asKeyDb(db).deleteFrom('idempotencyKey').where('createdAt', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * PostgreSQL only: a transaction-level lock on this key that fails at once instead of waiting, so a duplicate
 * running on any instance is told CONFLICT. Keys hold no spaces, so owner and key joined by one cannot collide. Taken before any other lock.
 */
export async function tryLockKey(trx: Kysely<any>, owner: string, key: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtextextended(${`${owner} ${key}`}, 0)) as locked`.execute(trx);
  return rows[0]?.locked === true;
}
