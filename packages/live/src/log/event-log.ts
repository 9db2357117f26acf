import { type Kysely, sql } from 'kysely';
import type { EventLogRow, LiveTables } from './tables.ts';

/** Any app database that holds the live tables (see LiveTables); Kysely's types cannot narrow one to them. */
type LiveDb = Kysely<any>;
const asLiveDb = (db: LiveDb) => db as Kysely<LiveTables>;

export interface NewLogEntry {
  topic: string;
  type: string;
  recordId: string;
  payload: string;
  audience: string;
  /** A scoped topic's scope fields as JSON; subscriptions scoped otherwise skip the event. */
  scope?: string | null;
}

/** Rows per insert statement: far below SQLite's limit on bound values, at 8 values a row. */
const APPEND_CHUNK = 500;

/**
 * Appends a transaction's events in one go, just before it commits, and returns the last id (0 for none).
 * The ids come from one update of the single event_log_state row, which locks that row until commit: appends
 * are serialised, so ids become visible in the order they were handed out, while everything the transaction
 * did before its append ran beside other writers.
 */
export async function appendEvents(trx: LiveDb, entries: readonly NewLogEntry[], now = new Date()): Promise<number> {
  if (entries.length === 0) return 0;
  const { lastId } = await asLiveDb(trx)
    .updateTable('eventLogState')
    .set({ lastId: sql`last_id + ${entries.length}` })
    .where('id', '=', 1)
    .returning('lastId')
    .executeTakeFirstOrThrow();
  const first = Number(lastId) - entries.length + 1;
  const createdAt = now.toISOString();
  const rows = entries.map((entry, i) => ({ id: first + i, ...entry, createdAt }));
  for (let start = 0; start < rows.length; start += APPEND_CHUNK) {
    await asLiveDb(trx)
      .insertInto('eventLog')
      .values(rows.slice(start, start + APPEND_CHUNK))
      .execute();
  }
  return Number(lastId);
}

/** The PostgreSQL channel on which a commit that appended events wakes every server instance. */
export const EVENT_LOG_CHANNEL = 'adopt_event_log';

/**
 * PostgreSQL: takes the event_log_state row lock that an append takes, without appending. Writers that reach their
 * append meanwhile wait for this transaction: tests hold them there to line up a race.
 */
export async function lockEventLog(trx: LiveDb): Promise<void> {
  await asLiveDb(trx).selectFrom('eventLogState').select('lastId').where('id', '=', 1).forUpdate().execute();
}

/** PostgreSQL only: queues a wake-up that listeners receive when (and only if) the transaction commits. */
export async function notifyEventLogListeners(trx: LiveDb, lastId: number): Promise<void> {
  await sql`select pg_notify(${EVENT_LOG_CHANNEL}, ${String(lastId)})`.execute(trx);
}

/** Events after `afterId`, oldest first. */
export async function readEventsAfter(db: LiveDb, afterId: number, limit = 1000): Promise<EventLogRow[]> {
  const rows = await asLiveDb(db)
    .selectFrom('eventLog')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export interface EventLogBounds {
  /** The id of the newest committed event (0 when none). */
  lastId: number;
  /** Ids at or below this were trimmed by retention. */
  trimmedThrough: number;
}

export async function readEventLogBounds(db: LiveDb): Promise<EventLogBounds> {
  const row = await asLiveDb(db)
    .selectFrom('eventLogState')
    .select(['lastId', 'trimmedThrough'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { lastId: Number(row.lastId), trimmedThrough: Number(row.trimmedThrough) };
}

/** The newest committed event id, which a snapshot read in the same transaction reflects. */
export async function readLastEventId(db: LiveDb): Promise<number> {
  return (await readEventLogBounds(db)).lastId;
}

export interface RetentionPolicy {
  maxAgeMs: number;
  maxCount: number;
}

/** Deletes events older than the policy allows; returns how many were removed. */
export async function trimEventLog(
  db: LiveDb,
  { maxAgeMs, maxCount }: RetentionPolicy,
  now = new Date(),
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { lastId, trimmedThrough } = await readEventLogBounds(trx);
    const cutoff = new Date(now.getTime() - maxAgeMs).toISOString();
    const newestTooOld = await asLiveDb(trx)
      .selectFrom('eventLog')
      .select(sql<number | string | null>`max(id)`.as('id'))
      .where('createdAt', '<', cutoff)
      .executeTakeFirst();
    const byAge = Number(newestTooOld?.id ?? 0);
    const byCount = lastId - maxCount;
    const through = Math.max(byAge, byCount, trimmedThrough);
    if (through <= trimmedThrough) return 0;
    const result = await asLiveDb(trx).deleteFrom('eventLog').where('id', '<=', through).executeTakeFirst();
    await asLiveDb(trx).updateTable('eventLogState').set({ trimmedThrough: through }).where('id', '=', 1).execute();
    return Number(result.numDeletedRows);
  });
}

/** One topic's events after `afterId`, oldest first: reads only rows newer than the caller has seen. */
export async function readTopicEventsAfter(db: LiveDb, topic: string, afterId: number): Promise<EventLogRow[]> {
  const rows = await asLiveDb(db)
    .selectFrom('eventLog')
    .selectAll()
    .where('id', '>', afterId)
    .where('topic', '=', topic)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/**
 * Deletes one topic's events older than `cutoff`. Only for topics whose every event supersedes the last
 * (figures that are re-sent every few seconds): a client resuming past a deleted one misses nothing it needs.
 */
export async function trimTopicEvents(db: LiveDb, topic: string, cutoff: Date): Promise<number> {
  const result = await asLiveDb(db)
    .deleteFrom('eventLog')
    .where('topic', '=', topic)
    .where('createdAt', '<', cutoff.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
