import { openPostgres } from '@adopt/db';
import { sql } from 'kysely';

/**
 * Samples pg_stat_activity while writes run: how many of the database's backends sit in a transaction, and how many
 * of them wait for a lock (the event_log_state row lock each write takes for its append, or a row another write
 * holds). Many waiters and few runners mean a lock is what caps the writes; few waiters mean something else is.
 */
export function sampleLockWaits(url: string) {
  const db = openPostgres({ url, maxConnections: 1 });
  const samples: { inTransaction: number; waiting: number }[] = [];
  let querying = false;
  const timer = setInterval(async () => {
    if (querying) return;
    querying = true;
    try {
      const { rows } = await sql<{ busy: string; waiting: string }>`
        select count(*) filter (where state in ('active', 'idle in transaction')) as busy,
               count(*) filter (where wait_event_type = 'Lock') as waiting
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(db.kysely);
      const row = rows[0];
      if (row) samples.push({ inTransaction: Number(row.busy), waiting: Number(row.waiting) });
    } finally {
      querying = false;
    }
  }, 20);
  return {
    /** Resets the samples, for the next phase. */
    reset: () => samples.splice(0),
    /** Mean backends in a write transaction and mean waiting for a lock since the last reset. */
    read() {
      const mean = (pick: (s: (typeof samples)[number]) => number) =>
        samples.length === 0 ? 0 : samples.reduce((sum, s) => sum + pick(s), 0) / samples.length;
      return { inTransaction: mean((s) => s.inTransaction), waiting: mean((s) => s.waiting) };
    },
    async stop() {
      clearInterval(timer);
      await db.close();
    },
  };
}
