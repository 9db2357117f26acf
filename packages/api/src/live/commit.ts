import { appendEvent, type Database, lockEventLog, notifyEventLogListeners, readLastEventId } from '@adopt/db';
import type { Kysely } from 'kysely';
import type { Services } from '../services.ts';
import { type LastRecord, type Topic, topicDefinition } from '../topics/index.ts';
import { type Audience, NOBODY } from './audience.ts';
import type { ControlEvent, LiveEvent } from './topics.ts';

type Upsert<T extends Topic> = Extract<LiveEvent<T>, { record: unknown }>;
type Deletion<T extends Topic> = Extract<LiveEvent<T>, { type: 'deleted' }>;

/** A write transaction that records its live events beside its changes (a transactional outbox). */
export interface Tx {
  db: Kysely<Database>;
  /** Records the change; its audience follows from the record, by the topic's own rule. */
  emit<T extends Topic>(event: Upsert<T>): Promise<number>;
  /** A deletion carries only the id: `last` is the record as it was, for the audience rule and the scope. */
  emit<T extends Topic>(event: Deletion<T>, last: LastRecord<T>): Promise<number>;
  control(event: ControlEvent): Promise<number>;
}

function audienceOf(event: LiveEvent, last?: unknown): Audience {
  const rule = topicDefinition(event.topic).audience as (record: unknown) => Audience;
  return rule('record' in event ? event.record : last);
}

/** The event as every viewer may receive it: the record without the fields that differ per viewer. */
function broadcastForm(event: LiveEvent): LiveEvent {
  const fields = topicDefinition(event.topic).perViewer;
  if (!fields || !('record' in event)) return event;
  const record: Record<string, unknown> = { ...event.record };
  for (const field of fields) delete record[field];
  return { ...event, record } as LiveEvent;
}

/** A scoped topic's scope fields, read from the record (or, for a deletion, the record as it last was). */
function scopeOf(event: LiveEvent, last?: unknown): string | null {
  const fields = topicDefinition(event.topic).scope;
  if (!fields) return null;
  const record = ('record' in event ? event.record : last) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field, record[field]])));
}

/** Runs `work` in one transaction with its events, then wakes the bus so subscribers see them at once. */
export async function commitChanges<T>(services: Services, work: (tx: Tx) => Promise<T>): Promise<T> {
  let lastId = 0;
  const postgres = services.dialect === 'postgres';
  const result = await services.db.transaction().execute(async (db) => {
    if (postgres) await lockEventLog(db);
    const append = async (event: LiveEvent | ControlEvent, audience: Audience, scope: string | null = null) => {
      lastId = await appendEvent(db, {
        topic: event.topic,
        type: event.type,
        recordId: event.id,
        payload: JSON.stringify(event),
        audience: JSON.stringify(audience),
        scope,
      });
      return lastId;
    };
    const emit = (event: LiveEvent, last?: unknown) =>
      append(broadcastForm(event), audienceOf(event, last), scopeOf(event, last));
    const value = await work({ db, emit, control: (event) => append(event, NOBODY) });
    // Other instances hear of it through LISTEN; PostgreSQL sends the notification only on commit.
    if (postgres && lastId > 0) await notifyEventLogListeners(db, lastId);
    return value;
  });
  if (lastId > 0) await services.bus.wake();
  return result;
}

export interface Snapshot<T> {
  value: T;
  /** The newest event the snapshot reflects: subscribe from here to miss nothing and repeat nothing. */
  lastEventId: string;
}

/** Reads rows and the event id they reflect in one consistent transaction. */
export async function readSnapshot<T>(
  services: Services,
  read: (db: Kysely<Database>) => Promise<T>,
): Promise<Snapshot<T>> {
  // Read only: on SQLite it need not wait for the write lock, so a lock held elsewhere never delays a list.
  return services.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (db) => {
      const lastEventId = await readLastEventId(db);
      const value = await read(db);
      return { value, lastEventId: String(lastEventId) };
    });
}
