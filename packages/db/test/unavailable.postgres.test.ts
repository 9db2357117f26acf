import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres, openSqlite } from '../src/connect.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { isDatabaseUnavailable } from '../src/unavailable.ts';
import { usePostgresDatabase } from './postgres.ts';

/** The error `work` fails with; the test fails if it succeeds. */
async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('which database errors mean "unavailable, try again"', () => {
  const database = usePostgresDatabase();
  let db: Db;
  beforeAll(async () => {
    db = openPostgres({ url: database.url, timeouts: { statementMs: 200 } });
    await migrateToLatest(db.kysely);
  });
  afterAll(() => db?.close());

  it('counts a refused connection, a statement timeout and an ended session', async () => {
    const url = new URL(database.url);
    url.port = '1'; // nothing listens on a privileged port here
    const nobodyListening = openPostgres({ url: url.toString(), timeouts: { connectMs: 500 } });
    const refused = await errorOf(() => sql`select 1`.execute(nobodyListening.kysely));
    await nobodyListening.close();
    const timedOut = await errorOf(() => sql`select pg_sleep(2)`.execute(db.kysely));
    const ended = await errorOf(() =>
      db.kysely.connection().execute((conn) => sql`select pg_terminate_backend(pg_backend_pid())`.execute(conn)),
    );
    expect([refused, timedOut, ended].map(isDatabaseUnavailable)).toEqual([true, true, true]);
  });

  it('ends a transaction left idle, with an error the process survives and the next query reports', async () => {
    const idleLimited = openPostgres({ url: database.url, timeouts: { idleInTransactionMs: 100 } });
    try {
      const ended = await errorOf(() =>
        idleLimited.kysely.transaction().execute(async (tx) => {
          await sql`select 1`.execute(tx);
          // The fault itself: the transaction sits idle past the limit while its client is checked out.
          await new Promise((resolve) => setTimeout(resolve, 500));
          await sql`select 1`.execute(tx);
        }),
      );
      expect(isDatabaseUnavailable(ended)).toBe(true);
      // The pool dropped the broken client and serves the next query with a fresh one.
      expect((await sql<{ one: number }>`select 1 as one`.execute(idleLimited.kysely)).rows).toEqual([{ one: 1 }]);
    } finally {
      await idleLimited.close();
    }
  });

  it('does not count a bug or bad data', async () => {
    const syntax = await errorOf(() => sql`selec 1`.execute(db.kysely));
    const missing = await errorOf(() => sql`select * from no_such_table`.execute(db.kysely));
    const duplicate = await errorOf(async () => {
      const user = {
        id: 'u1',
        email: 'a@example.org',
        name: 'A',
        passwordHash: 'x',
        role: 'member' as const,
        createdAt: new Date().toISOString(),
      };
      await db.kysely.insertInto('users').values(user).execute();
      await db.kysely.insertInto('users').values(user).execute();
    });
    expect([syntax, missing, duplicate, new Error('boom')].map(isDatabaseUnavailable)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('counts SQLite busy once the wait for a lock held elsewhere runs out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adopt-a-street-busy-'));
    const holder = openSqlite({ filename: path.join(dir, 'busy.db') });
    const waiter = openSqlite({ filename: path.join(dir, 'busy.db'), lockTimeoutMs: 100 });
    try {
      await migrateToLatest(holder.kysely);
      const busy = await holder.kysely
        .transaction()
        .execute(async () => errorOf(() => waiter.kysely.transaction().execute(async () => {})));
      expect(isDatabaseUnavailable(busy)).toBe(true);
    } finally {
      await waiter.close();
      await holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
