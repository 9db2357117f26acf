import type { Kysely } from 'kysely';
import type { Announcement, Database } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export interface AnnouncementRow extends Announcement {
  authorName: string;
}

function selectAnnouncements(db: Kysely<Database>) {
  return db
    .selectFrom('announcements')
    .innerJoin('users', 'users.id', 'announcements.authorId')
    .selectAll('announcements')
    .select('users.name as authorName');
}

export async function insertAnnouncement(db: Kysely<Database>, announcement: Announcement): Promise<void> {
  await db.insertInto('announcements').values(announcement).execute();
}

export async function findAnnouncement(db: Kysely<Database>, id: string): Promise<AnnouncementRow | undefined> {
  return selectAnnouncements(db).where('announcements.id', '=', id).executeTakeFirst();
}

export async function listAnnouncements(
  db: Kysely<Database>,
  order: SortOrder<keyof Announcement & string>,
  limit: number,
): Promise<AnnouncementRow[]> {
  return sortedBy(selectAnnouncements(db), 'announcements', order).limit(limit).execute();
}
