import type { Kysely } from 'kysely';
import type { Database, Notification } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export async function insertNotification(db: Kysely<Database>, notification: Notification): Promise<void> {
  await db.insertInto('notifications').values(notification).execute();
}

export async function listNotificationsForUser(
  db: Kysely<Database>,
  userId: string,
  order: SortOrder<keyof Notification & string>,
  limit = 100,
): Promise<Notification[]> {
  return sortedBy(db.selectFrom('notifications').selectAll().where('userId', '=', userId), 'notifications', order)
    .limit(limit)
    .execute();
}

/** Marks the user's own unread notifications among `ids` as read; returns the ones that changed. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  userId: string,
  ids: readonly string[],
  readAt: string,
): Promise<Notification[]> {
  if (ids.length === 0) return [];
  return db
    .updateTable('notifications')
    .set({ readAt })
    .where('userId', '=', userId)
    .where('id', 'in', ids)
    .where('readAt', 'is', null)
    .returningAll()
    .execute();
}

/** Which of `ids` are this user's notifications: someone else's look exactly like ids that never existed. */
export async function findNotificationsForUser(
  db: Kysely<Database>,
  userId: string,
  ids: readonly string[],
): Promise<Notification[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('notifications').selectAll().where('userId', '=', userId).where('id', 'in', ids).execute();
}
