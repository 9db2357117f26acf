import type { Kysely } from 'kysely';
import type { Database, User } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

/** Records (or refreshes) that `userId` has a stream open on `instanceId`. */
export async function markPresent(
  db: Kysely<Database>,
  instanceId: string,
  userId: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('presence')
    .values({ instanceId, userId, seenAt: now })
    .onConflict((oc) => oc.columns(['instanceId', 'userId']).doUpdateSet({ seenAt: now }))
    .execute();
}

/** The heartbeat: this instance's rows stay fresh. Returns the users whose row was still there. */
export async function refreshPresence(
  db: Kysely<Database>,
  instanceId: string,
  userIds: readonly string[],
  now: string,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .updateTable('presence')
    .set({ seenAt: now })
    .where('instanceId', '=', instanceId)
    .where('userId', 'in', userIds)
    .returning('userId')
    .execute();
  return new Set(rows.map((row) => row.userId));
}

export async function removePresence(db: Kysely<Database>, instanceId: string, userId: string): Promise<void> {
  await db.deleteFrom('presence').where('instanceId', '=', instanceId).where('userId', '=', userId).execute();
}

/** Whether the person has a fresh row on some instance other than `instanceId`. */
export async function presentElsewhere(
  db: Kysely<Database>,
  instanceId: string,
  userId: string,
  freshSince: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('presence')
    .select('userId')
    .where('userId', '=', userId)
    .where('instanceId', '!=', instanceId)
    .where('seenAt', '>=', freshSince)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes rows no instance refreshed since `freshSince` (their instance died); returns whose they were. */
export async function expirePresence(db: Kysely<Database>, freshSince: string): Promise<string[]> {
  const rows = await db.deleteFrom('presence').where('seenAt', '<', freshSince).returning('userId').execute();
  return [...new Set(rows.map((row) => row.userId))];
}

/** People with a fresh row anywhere who have not chosen to be invisible, in `order`. */
export async function listPresentUsers(
  db: Kysely<Database>,
  order: SortOrder<keyof User & string>,
  freshSince: string,
  userIds?: readonly string[],
): Promise<Pick<User, 'id' | 'name'>[]> {
  let query = db
    .selectFrom('users')
    .select(['users.id', 'users.name'])
    .where('users.presenceHidden', '=', 0)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('presence')
          .select('presence.userId')
          .whereRef('presence.userId', '=', 'users.id')
          .where('presence.seenAt', '>=', freshSince),
      ),
    );
  if (userIds) query = query.where('users.id', 'in', userIds.length > 0 ? userIds : ['']);
  return sortedBy(query, 'users', order).execute();
}
