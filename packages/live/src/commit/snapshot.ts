import type { Kysely } from 'kysely';
import { readLastEventId } from '../log/event-log.ts';

export interface Snapshot<T> {
  value: T;
  /** The newest event the snapshot reflects: subscribe from here to miss nothing and repeat nothing. */
  lastEventId: string;
}

/** Reads rows and the event id they reflect in one consistent transaction. */
export async function readSnapshot<DB, T>(db: Kysely<DB>, read: (db: Kysely<DB>) => Promise<T>): Promise<Snapshot<T>> {
  // Read only: on SQLite it need not wait for the write lock, so a lock held elsewhere never delays a list.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const lastEventId = await readLastEventId(trx);
      const value = await read(trx);
      return { value, lastEventId: String(lastEventId) };
    });
}
