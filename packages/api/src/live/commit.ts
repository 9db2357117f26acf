import { appendEvent, type Database, lockEventLog, notifyEventLogListeners, readLastEventId } from '@adopt/db';
import type { Kysely } from 'kysely';
import type { Services } from '../services.ts';
import { type AudienceInput, type Topic, topicDefinition } from '../topics/index.ts';
import { type Audience, NOBODY } from './audience.ts';
import { writesOf } from './exactly-once.ts';
import type { ControlEvent, LiveEvent } from './topics.ts';

type Upsert<T extends Topic> = Extract<LiveEvent<T>, { record: unknown }>;
type Deletion<T extends Topic> = Extract<LiveEvent<T>, { type: 'deleted' }>;

/** A write transaction that records its live events beside its changes (a transactional outbox). */
export interface Tx {
  db: Kysely<Database>;
  /** Records the change; its audience follows from the record, by the topic's own rule. */
  emit<T extends Topic>(event: Upsert<T>): Promise<number>;
  /** A deletion carries only the id: `last` is the record as it was, for the audience rule alone. */
  emit<T extends Topic>(event: Deletion<T>, last: AudienceInput<T>): Promise<number>;
  control(event: ControlEvent): Promise<number>;
}

function audienceOf(event: LiveEvent, last?: unknown): Audience {
  const rule = topicDefinition(event.topic).audience as (record: unknown) => Audience;
  return rule('record' in event ? event.record : last);
}

/** Runs `work` in one transaction with its events, then wakes the bus so subscribers see them at once. */
export async function commitChanges<T>(services: Services, work: (tx: Tx) => Promise<T>): Promise<T> {
  let lastId = 0;
  const postgres = services.dialect === 'postgres';
  const writes = writesOf(services);
  const result = await services.db.transaction().execute(async (db) => {
    // Before the event-log lock: a duplicate on another instance is refused at once, not queued behind it.
    await writes.claim(db);
    if (postgres) await lockEventLog(db);
    const append = async (event: LiveEvent | ControlEvent, audience: Audience) => {
      lastId = await appendEvent(db, {
        topic: event.topic,
        type: event.type,
        recordId: event.id,
        payload: JSON.stringify(event),
        audience: JSON.stringify(audience),
      });
      return lastId;
    };
    const emit = (event: LiveEvent, last?: unknown) => append(event, audienceOf(event, last));
    const value = await work({ db, emit, control: (event) => append(event, NOBODY) });
    await writes.record(db, value, lastId);
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
