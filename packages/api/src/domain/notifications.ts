import {
  findNotificationsForUser,
  listNotificationsForUser,
  markNotificationsRead,
  type Notification,
} from '@adopt/db';
import type { Viewer } from '../context.ts';
import { notFound } from '../errors.ts';
import { commitChanges, readSnapshot } from '../live/commit.ts';
import type { NotificationRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { notifications } from '../topics/notifications.ts';
import { nowIso } from './ids.ts';

/** The inbox shows the newest; the unread count is the items with `read: false`. */
const INBOX_LIMIT = 100;

export function toNotificationRecord(row: Notification): NotificationRecord {
  const subject = row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null;
  return {
    id: row.id,
    userId: row.userId,
    message: row.message,
    subject,
    read: row.readAt !== null,
    createdAt: row.createdAt,
  };
}

export async function listInbox(services: Services, viewer: Viewer) {
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    listNotificationsForUser(db, viewer.id, notifications.order, INBOX_LIMIT),
  );
  return { items: rows.map(toNotificationRecord), lastEventId };
}

/**
 * Marks the viewer's own notifications read and tells only them. Marking one already read is fine;
 * an id that is not theirs is refused as unknown, so nobody can probe for others' notifications.
 */
export async function markRead(
  services: Services,
  viewer: Viewer,
  ids: readonly string[],
): Promise<{ items: NotificationRecord[] }> {
  const unique = [...new Set(ids)];
  return commitChanges(services, async (tx) => {
    const own = new Set((await findNotificationsForUser(tx.db, viewer.id, unique)).map((n) => n.id));
    const unknown = unique.find((id) => !own.has(id));
    if (unknown !== undefined) throw notFound('notification', unknown);
    const changed = (await markNotificationsRead(tx.db, viewer.id, unique, nowIso())).map(toNotificationRecord);
    for (const record of changed) {
      await tx.emit({ topic: 'notifications', type: 'updated', id: record.id, record });
    }
    return { items: changed };
  });
}
