import type { Kysely } from 'kysely';
import type { CleanupEvent, CleanupEventUpdate, Database } from '../database.ts';
import { type ReaderRights, type RowRestriction, visibleTo } from '../restriction.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export interface CleanupEventRow extends CleanupEvent {
  organiserName: string;
}

export interface AttendeeRow {
  eventId: string;
  id: string;
  name: string;
}

function selectEvents(db: Kysely<Database>) {
  return db
    .selectFrom('cleanupEvents')
    .innerJoin('users', 'users.id', 'cleanupEvents.organiserId')
    .selectAll('cleanupEvents')
    .select('users.name as organiserName');
}

/** One statement for the lot: an import writes its rows a batch at a time. */
export async function insertCleanupEvents(db: Kysely<Database>, events: CleanupEvent[]): Promise<void> {
  if (events.length > 0) await db.insertInto('cleanupEvents').values(events).execute();
}

export async function findCleanupEvent(db: Kysely<Database>, id: string): Promise<CleanupEventRow | undefined> {
  return selectEvents(db).where('cleanupEvents.id', '=', id).executeTakeFirst();
}

/** The events with these ids, in no particular order. */
export async function findCleanupEvents(db: Kysely<Database>, ids: string[]): Promise<CleanupEventRow[]> {
  if (ids.length === 0) return [];
  return selectEvents(db).where('cleanupEvents.id', 'in', ids).execute();
}

/** In `order`, showing only what `restriction` lets `reader` see. */
export async function listCleanupEvents(
  db: Kysely<Database>,
  reader: ReaderRights,
  restriction: RowRestriction,
  order: SortOrder<keyof CleanupEvent & string>,
  limit: number,
): Promise<CleanupEventRow[]> {
  return visibleTo(sortedBy(selectEvents(db), 'cleanupEvents', order), 'cleanupEvents', restriction, reader)
    .limit(limit)
    .execute();
}

export async function updateCleanupEvent(db: Kysely<Database>, id: string, changes: CleanupEventUpdate): Promise<void> {
  await db.updateTable('cleanupEvents').set(changes).where('id', '=', id).execute();
}

/** Removes an event and its RSVPs (they cascade). */
export async function deleteCleanupEvent(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('cleanupEvents').where('id', '=', id).execute();
}

/** The people going to each of `eventIds`, in the order they said yes to. */
export async function listAttendees(db: Kysely<Database>, eventIds: readonly string[]): Promise<AttendeeRow[]> {
  if (eventIds.length === 0) return [];
  return db
    .selectFrom('rsvps')
    .innerJoin('users', 'users.id', 'rsvps.userId')
    .select(['rsvps.eventId', 'users.id', 'users.name'])
    .where('rsvps.eventId', 'in', eventIds)
    .where('rsvps.going', '=', 1)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

/** Records a person's answer, replacing an earlier one; returns whether they were going before. */
export async function setRsvp(
  db: Kysely<Database>,
  rsvp: { eventId: string; userId: string; going: boolean },
): Promise<{ wasGoing: boolean }> {
  const before = await db
    .selectFrom('rsvps')
    .select('going')
    .where('eventId', '=', rsvp.eventId)
    .where('userId', '=', rsvp.userId)
    .executeTakeFirst();
  const going = rsvp.going ? 1 : 0;
  await db
    .insertInto('rsvps')
    .values({ eventId: rsvp.eventId, userId: rsvp.userId, going })
    .onConflict((oc) => oc.columns(['eventId', 'userId']).doUpdateSet({ going }))
    .execute();
  return { wasGoing: Number(before?.going ?? 0) === 1 };
}
