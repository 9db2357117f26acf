import { commitLive, type LiveCommitOptions } from '@adopt/live/commit';
import { readEventLogBounds, readEventsAfter } from '@adopt/live/log';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/connect.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { gate } from './gate.ts';
import { usePostgresDatabase } from './postgres.ts';

type Event = { topic: string; type: string; id: string };

// Writers hold row locks side by side until their append, so two can deadlock; PostgreSQL then aborts one,
// and the commit runs it again instead of failing the request.
describe('commitLive on PostgreSQL', () => {
  const database = usePostgresDatabase();
  let db: Db;
  let live: LiveCommitOptions<any, Event, null>;

  beforeAll(async () => {
    db = openPostgres({ url: database.url });
    await migrateToLatest(db.kysely);
    await sql`create table lockable (id text primary key)`.execute(db.kysely);
    await sql`insert into lockable values ('a'), ('b')`.execute(db.kysely);
    live = {
      db: db.kysely,
      dialect: 'postgres',
      audienceOf: () => null,
      serversOnly: null,
      bus: { wake: async () => {} },
    };
  });
  afterAll(() => db?.close());

  const lock = (trx: Kysely<any>, id: string) => sql`select id from lockable where id = ${id} for update`.execute(trx);

  it('runs a transaction aborted by a deadlock again, so both writes land once', async () => {
    const { lastId: start } = await readEventLogBounds(db.kysely);
    const aLocked = gate();
    const bLocked = gate();
    let attempts = 0;
    // Each locks its first row, waits until the other has too, then wants the other's row.
    const write = (first: string, second: string, mine: ReturnType<typeof gate>, theirs: ReturnType<typeof gate>) =>
      commitLive<any, Event, Event, null, string>(live, async (tx) => {
        attempts += 1;
        await sql`set local deadlock_timeout = '20ms'`.execute(tx.db);
        await lock(tx.db, first);
        mine.open();
        await theirs.opened;
        await lock(tx.db, second);
        await tx.emit({ topic: 'test', type: 'created', id: first });
        return first;
      });

    const results = await Promise.all([write('a', 'b', aLocked, bLocked), write('b', 'a', bLocked, aLocked)]);

    expect(results).toEqual(['a', 'b']);
    expect(attempts).toBe(3);
    const rows = await readEventsAfter(db.kysely, start);
    expect(rows.map((row) => row.id)).toEqual([start + 1, start + 2]);
    expect(rows.map((row) => row.recordId).sort()).toEqual(['a', 'b']);
  });

  it('gives up after a few tries, and never retries other failures', async () => {
    let deadlocked = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    await expect(
      commitLive(live, async () => {
        deadlocked += 1;
        throw deadlock;
      }),
    ).rejects.toBe(deadlock);
    expect(deadlocked).toBe(5);

    let failed = 0;
    await expect(
      commitLive(live, async () => {
        failed += 1;
        throw new Error('not a lock problem');
      }),
    ).rejects.toThrow('not a lock problem');
    expect(failed).toBe(1);
  });
});
