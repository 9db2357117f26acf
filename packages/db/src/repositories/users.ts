import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, User } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
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
