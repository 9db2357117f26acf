import { appendEvent, type Database, readLastEventId } from '@adopt/db';
import type { Kysely } from 'kysely';
import type { Services } from '../services.ts';
import { type Audience, NOBODY } from './audience.ts';
import type { ControlEvent, LiveEvent } from './topics.ts';

/** A write transaction that records its live events beside its changes (a transactional outbox). */
export interface Tx {
  db: Kysely<Database>;
  emit(event: LiveEvent, audience: Audience): Promise<number>;
  control(event: ControlEvent): Promise<number>;
}

/** Runs `work` in one transaction with its events, then wakes the bus so subscribers see them at once. */
export async function commitChanges<T>(services: Services, work: (tx: Tx) => Promise<T>): Promise<T> {
  let emitted = 0;
  const result = await services.db.transaction().execute((db) => {
    const append = (event: LiveEvent | ControlEvent, audience: Audience) => {
      emitted += 1;
      return appendEvent(db, {
        topic: event.topic,
        type: event.type,
        recordId: event.id,
        payload: JSON.stringify(event),
        audience: JSON.stringify(audience),
      });
    };
    return work({ db, emit: append, control: (event) => append(event, NOBODY) });
  });
  if (emitted > 0) await services.bus.wake();
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
  return services.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (db) => {
      const lastEventId = await readLastEventId(db);
      const value = await read(db);
      return { value, lastEventId: String(lastEventId) };
    });
}
