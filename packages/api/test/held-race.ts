import type { Database } from '@adopt/db';
import { type Kysely, sql } from 'kysely';
import { gate } from '../../db/test/gate.ts';
import { until } from '../../db/test/until.ts';

/** Backends of this database waiting for a lock (a row, a table, an advisory lock). */
async function waitingForLocks(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
  return Number(rows[0]?.n);
}

/** Ends the holding transaction by rolling it back: what `hold` wrote was only there to block others. */
class LetGo extends Error {}

/**
 * Lines up a race on PostgreSQL: a transaction takes `hold` (e.g. the event log's lock, which every write with
 * events takes at its end) and keeps it while `writes` start one after another, each only once the one before
 * waits for a lock: on `hold`, at the racing step, or on a guard that an earlier write holds. Then the holder
 * rolls back and every write runs on; their outcomes come back in order.
 */
export async function raceHeldAt(
  db: Kysely<Database>,
  hold: (trx: Kysely<Database>) => Promise<unknown>,
  writes: readonly (() => Promise<unknown>)[],
): Promise<PromiseSettledResult<unknown>[]> {
  const released = gate();
  const holding = gate();
  const holder = db
    .transaction()
    .execute(async (trx) => {
      await hold(trx);
      holding.open();
      await released.opened;
      throw new LetGo();
    })
    .catch((error) => {
      if (!(error instanceof LetGo)) throw error;
    });
  await Promise.race([holding.opened, holder]);
  const running: Promise<unknown>[] = [];
  try {
    for (const write of writes) {
      running.push(write());
      const n = running.length;
      await until(`write ${n} of ${writes.length} waits for a lock`, async () => (await waitingForLocks(db)) >= n);
    }
  } finally {
    released.open();
    await holder;
  }
  return Promise.allSettled(running);
}
