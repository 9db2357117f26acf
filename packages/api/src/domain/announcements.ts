import { type AnnouncementRow, findAnnouncement, insertAnnouncement, listAnnouncements } from '@adopt/db';
import type { Viewer } from '../context.ts';
import { notFound } from '../errors.ts';
import { commitChanges, readSnapshot } from '../live/commit.ts';
import type { AnnouncementRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { announcements } from '../topics/announcements.ts';
import { newId, nowIso } from './ids.ts';

/** Announcements are news: the recent ones matter, old ones fall off the end. */
const ANNOUNCEMENT_LIST_LIMIT = 50;

function toAnnouncementRecord(row: AnnouncementRow): AnnouncementRecord {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.authorName,
    message: row.message,
    createdAt: row.createdAt,
  };
}

export async function listRecentAnnouncements(services: Services) {
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    listAnnouncements(db, announcements.order, ANNOUNCEMENT_LIST_LIMIT),
  );
  return { items: rows.map(toAnnouncementRecord), lastEventId };
}

export async function announce(services: Services, viewer: Viewer, message: string): Promise<AnnouncementRecord> {
  return commitChanges(services, async (tx) => {
    const id = newId();
    await insertAnnouncement(tx.db, { id, authorId: viewer.id, message, createdAt: nowIso() });
    const row = await findAnnouncement(tx.db, id);
    if (!row) throw notFound('announcement', id);
    const record = toAnnouncementRecord(row);
    await tx.emit({ topic: 'announcements', type: 'created', id, record });
    return record;
  });
}
