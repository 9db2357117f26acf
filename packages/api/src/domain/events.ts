import {
  type CleanupEventRow,
  type Database,
  deleteCleanupEvent,
  findCleanupEvent,
  findCleanupEvents,
  insertCleanupEvents,
  listAttendees,
  listCleanupEvents,
  lockRow,
  setRsvp,
  updateCleanupEvent,
} from '@adopt/db';
import type { Kysely } from 'kysely';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { canSee } from '../live/audience.ts';
import { commitChanges, readSnapshot, type Tx } from '../live/commit.ts';
import type { Attendee, EventRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { draftRestriction, events } from '../topics/events.ts';
import type { EventFields } from './event-fields.ts';
import { newId, nowIso } from './ids.ts';
import { awardPoints, notify } from './rewards.ts';

export const POINTS_FOR_RSVP = 10;
/** The list has no paging yet; a neighbourhood runs far fewer events than this. */
const LIST_LIMIT = 500;

type Reader = Pick<Viewer, 'id' | 'role'> | null;
type EventState = Pick<CleanupEventRow, 'status' | 'organiserId'>;

const rightsOf = (viewer: Reader) => ({ userId: viewer?.id ?? null, role: viewer?.role ?? null });

/** Whoever would hear of the event live may also read it. */
function mayView(viewer: Reader, event: EventState): boolean {
  return canSee(events.audience(event), rightsOf(viewer));
}

function toEventRecord(row: CleanupEventRow, attendees: Attendee[]): EventRecord {
  return {
    id: row.id,
    organiserId: row.organiserId,
    organiserName: row.organiserName,
    title: row.title,
    description: row.description,
    startsAt: row.startsAt,
    location: row.location,
    status: row.status,
    attendees,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One query for the attendees of all `rows`, not one per event. */
async function withAttendees(db: Kysely<Database>, rows: CleanupEventRow[]): Promise<EventRecord[]> {
  const going = new Map<string, Attendee[]>();
  const attendees = await listAttendees(
    db,
    rows.map((row) => row.id),
  );
  for (const { eventId, id, name } of attendees) going.set(eventId, [...(going.get(eventId) ?? []), { id, name }]);
  return rows.map((row) => toEventRecord(row, going.get(row.id) ?? []));
}

async function withAttendeesOf(db: Kysely<Database>, row: CleanupEventRow): Promise<EventRecord> {
  const attendees = await listAttendees(db, [row.id]);
  return toEventRecord(
    row,
    attendees.map(({ id, name }) => ({ id, name })),
  );
}

/** The event as this viewer may see it; someone else's draft answers like an unknown id, so it never leaks. */
async function findVisible(db: Kysely<Database>, viewer: Reader, id: string): Promise<CleanupEventRow> {
  const row = await findCleanupEvent(db, id);
  if (!row || !mayView(viewer, row)) throw notFound('event', id);
  return row;
}

/**
 * Inside a write: locks the event's row first, so what this write reads (the status, the attendees) is what it is
 * when this commits, and its event follows every earlier change's.
 */
async function findForWrite(tx: Tx, viewer: Viewer, id: string): Promise<CleanupEventRow> {
  await lockRow(tx.db, 'cleanupEvents', id);
  return findVisible(tx.db, viewer, id);
}

async function findEditable(tx: Tx, viewer: Viewer, id: string): Promise<CleanupEventRow> {
  const row = await findForWrite(tx, viewer, id);
  if (row.organiserId !== viewer.id && viewer.role !== 'admin') {
    throw new AppError('FORBIDDEN', `Only the organiser of "${row.title}" or an admin can change it.`);
  }
  return row;
}

/** Reads the event back as it now is and records the change for everyone allowed to see it. */
async function emitChange(tx: Tx, id: string, type: 'created' | 'updated'): Promise<EventRecord> {
  const row = await findCleanupEvent(tx.db, id);
  if (!row) throw notFound('event', id);
  const record = await withAttendeesOf(tx.db, row);
  await tx.emit({ topic: 'events', type, id, record });
  return record;
}

export async function listEvents(services: Services, viewer: Reader) {
  const { value: items, lastEventId } = await readSnapshot(services, async (db) =>
    withAttendees(db, await listCleanupEvents(db, rightsOf(viewer), draftRestriction, events.order, LIST_LIMIT)),
  );
  return { items, lastEventId };
}

export async function getEvent(services: Services, viewer: Reader, id: string): Promise<EventRecord> {
  return withAttendeesOf(services.db, await findVisible(services.db, viewer, id));
}

/** Writes a new draft inside the caller's transaction; the CSV import creates its rows through here too. */
/** Writes the drafts in one statement and records each one's creation, in the order given. */
export async function insertDrafts(tx: Tx, organiserId: string, drafts: EventFields[]): Promise<EventRecord[]> {
  const now = nowIso();
  const ids = drafts.map(() => newId());
  await insertCleanupEvents(
    tx.db,
    drafts.map((fields, i) => ({
      id: ids[i]!,
      organiserId,
      ...fields,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    })),
  );
  const byId = new Map((await withAttendees(tx.db, await findCleanupEvents(tx.db, ids))).map((e) => [e.id, e]));
  const records = ids.map((id) => byId.get(id)!);
  for (const record of records) await tx.emit({ topic: 'events', type: 'created', id: record.id, record });
  return records;
}

async function insertDraft(tx: Tx, organiserId: string, fields: EventFields): Promise<EventRecord> {
  const [record] = await insertDrafts(tx, organiserId, [fields]);
  return record!;
}

export async function createEvent(services: Services, viewer: Viewer, fields: EventFields): Promise<EventRecord> {
  return commitChanges(services, (tx) => insertDraft(tx, viewer.id, fields));
}

export async function updateEvent(
  services: Services,
  viewer: Viewer,
  id: string,
  changes: Partial<EventFields>,
): Promise<EventRecord> {
  return commitChanges(services, async (tx) => {
    const event = await findEditable(tx, viewer, id);
    if (event.status === 'cancelled') {
      throw new AppError('CONFLICT', `"${event.title}" was cancelled, so it can no longer be changed.`);
    }
    await updateCleanupEvent(tx.db, id, { ...changes, updatedAt: nowIso() });
    return emitChange(tx, id, 'updated');
  });
}

export async function publishEvent(services: Services, viewer: Viewer, id: string): Promise<EventRecord> {
  return commitChanges(services, async (tx) => {
    const event = await findEditable(tx, viewer, id);
    if (event.status === 'published') throw new AppError('CONFLICT', `"${event.title}" is already published.`);
    if (event.status === 'cancelled') {
      throw new AppError('CONFLICT', `"${event.title}" was cancelled and cannot be published. Create a new event.`);
    }
    await updateCleanupEvent(tx.db, id, { status: 'published', updatedAt: nowIso() });
    return emitChange(tx, id, 'updated');
  });
}

export async function cancelEvent(services: Services, viewer: Viewer, id: string): Promise<EventRecord> {
  return commitChanges(services, async (tx) => {
    const event = await findEditable(tx, viewer, id);
    if (event.status === 'cancelled') throw new AppError('CONFLICT', `"${event.title}" is already cancelled.`);
    if (event.status === 'draft') {
      // A cancelled event is public, so a draft nobody else saw is discarded instead: its content stays private.
      await deleteCleanupEvent(tx.db, id);
      await tx.emit({ topic: 'events', type: 'deleted', id }, event);
      return { ...(await withAttendeesOf(tx.db, event)), status: 'cancelled', updatedAt: nowIso() };
    }
    await updateCleanupEvent(tx.db, id, { status: 'cancelled', updatedAt: nowIso() });
    const record = await emitChange(tx, id, 'updated');
    // People who planned to come should not turn up to an empty street.
    for (const attendee of record.attendees) {
      if (attendee.id !== viewer.id) {
        await notify(tx, attendee.id, `"${record.title}" was cancelled.`, { kind: 'event', id });
      }
    }
    return record;
  });
}

export async function rsvp(services: Services, viewer: Viewer, id: string, going: boolean): Promise<EventRecord> {
  return commitChanges(services, async (tx) => {
    const event = await findForWrite(tx, viewer, id);
    if (event.status === 'draft') {
      throw new AppError('CONFLICT', `"${event.title}" is still a draft. Publish it before anyone can RSVP.`);
    }
    if (event.status === 'cancelled') {
      throw new AppError('CONFLICT', `"${event.title}" was cancelled, so RSVPs are closed.`);
    }
    const { wasGoing } = await setRsvp(tx.db, { eventId: id, userId: viewer.id, going });
    if (wasGoing === going) return withAttendeesOf(tx.db, event);
    const record = await emitChange(tx, id, 'updated');
    if (going) {
      // The event id keeps the award unique per event even when two events share a title.
      const subject = { kind: 'event', id } as const;
      await awardPoints(tx, {
        userId: viewer.id,
        points: POINTS_FOR_RSVP,
        reason: `Going to "${event.title}"`,
        key: `event-rsvp:${id}`,
        subject,
        once: true,
      });
      await awardPoints(tx, {
        userId: viewer.id,
        points: 5,
        reason: 'Signed up for a first clean-up',
        badge: 'First clean-up',
        subject,
        once: true,
      });
    }
    return record;
  });
}
