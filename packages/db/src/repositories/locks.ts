import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../database.ts';

/** The tables whose rows a write locks before reading the record it sends with its event. */
type LockedTable = 'users' | 'posts' | 'cleanupEvents' | 'streets' | 'tasks';

// SQLite runs one write transaction at a time, so what these locks order there is already in order.
const onPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * PostgreSQL: locks the rows until commit, in id order (so two writers locking the same rows cannot deadlock).
 * A write that reads a record after this sees every commit that changed it, and commits its event after theirs.
 * `no key update` leaves inserts referring to the rows (a like, a reward) free to run.
 */
export async function lockRows(db: Kysely<Database>, table: LockedTable, ids: readonly string[]): Promise<void> {
  if (!onPostgres(db) || ids.length === 0) return;
  await db
    .selectFrom(table)
    .select('id')
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

export const lockRow = (db: Kysely<Database>, table: LockedTable, id: string) => lockRows(db, table, [id]);

/**
 * PostgreSQL: one registration at a time, until commit, so two sign-ups on an empty database cannot both be
 * first (there is no row yet to lock). Sign-ups are rare and rate limited: the queue costs nothing.
 */
export async function lockRegistrations(db: Kysely<Database>): Promise<void> {
  if (onPostgres(db)) await sql`select pg_advisory_xact_lock(hashtext('adopt:registration'), 0)`.execute(db);
}
