import { type Kysely, sql } from 'kysely';
import type { Database, NewUser, Role, User } from '../database.ts';
import { afterCursor, type SortOrder, sortedBy } from '../sort-order.ts';

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Inserts the account unless its email is taken (by a sign-up that committed first, too): undefined then. */
export async function insertUserUnlessEmailTaken(db: Kysely<Database>, user: NewUser): Promise<User | undefined> {
  return db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setUserRole(db: Kysely<Database>, id: string, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', id).execute();
}

export async function addUserPoints(db: Kysely<Database>, id: string, points: number): Promise<User> {
  return db
    .updateTable('users')
    .set((eb) => ({ points: eb('points', '+', points) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listUsersByPoints(
  db: Kysely<Database>,
  order: SortOrder<keyof User & string>,
  limit: number,
): Promise<User[]> {
  return sortedBy(db.selectFrom('users').selectAll(), 'users', order).limit(limit).execute();
}

export async function findUsersByIds(db: Kysely<Database>, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** Escapes LIKE's wildcards, so a search for "50%" finds that text. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface MemberSearch {
  /** Part of a name, any case. */
  query?: string | undefined;
  /** Banned accounts are listed for admins only. */
  includeBanned: boolean;
  /** The last row of the previous page. */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

/** One page of members in `order` (by name), filtered by part of their name. */
export async function searchUsers(
  db: Kysely<Database>,
  order: SortOrder<keyof User & string>,
  { query, includeBanned, after, limit }: MemberSearch,
): Promise<User[]> {
  let select = db.selectFrom('users').selectAll();
  if (query) select = select.where(sql`lower(users.name)`, 'like', sql`${likePattern(query)} escape '\\'`);
  if (!includeBanned) select = select.where('bannedReason', 'is', null);
  const sorted = sortedBy(select, 'users', order).limit(limit);
  return (after ? afterCursor(sorted, 'users', order, after) : sorted).execute();
}

export async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('bannedReason', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Bans (a reason) or lifts the ban (null). */
export async function setUserBan(db: Kysely<Database>, id: string, reason: string | null): Promise<void> {
  await db.updateTable('users').set({ bannedReason: reason }).where('id', '=', id).execute();
}

export async function setPresenceHidden(db: Kysely<Database>, id: string, hidden: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ presenceHidden: hidden ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}
