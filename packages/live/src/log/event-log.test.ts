import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { appendEvents, readEventLogBounds, readEventsAfter } from './event-log.ts';
import { migrateLiveTables } from './migrations.ts';

// SQLite takes the same append path as PostgreSQL: one id allocation and as few inserts as fit per commit.
let raw: Kysely<any>;
let db: Kysely<any>;

beforeEach(async () => {
  raw = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await migrateLiveTables(raw);
  db = raw.withPlugin(new CamelCasePlugin());
});
afterEach(() => raw.destroy());

const entries = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({
    topic: 'notes',
    type: 'created',
    recordId: `${tag}${i}`,
    payload: '{}',
    audience: '{}',
  }));

it('gives a commit’s events consecutive ids in the order given, however many there are', async () => {
  expect(await appendEvents(db, [])).toBe(0);
  expect(await db.transaction().execute((trx) => appendEvents(trx, entries(1200, 'a')))).toBe(1200);
  expect(await db.transaction().execute((trx) => appendEvents(trx, entries(2, 'b')))).toBe(1202);

  const rows = await readEventsAfter(db, 0, 5000);
  expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 1202 }, (_, i) => i + 1));
  expect(rows.map((row) => row.recordId).slice(1198)).toEqual(['a1198', 'a1199', 'b0', 'b1']);
});

it('leaves no gap and no event behind for a transaction rolled back after its append', async () => {
  await expect(
    db.transaction().execute(async (trx) => {
      await appendEvents(trx, entries(3, 'undone'));
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');

  expect(await readEventLogBounds(db)).toEqual({ lastId: 0, trimmedThrough: 0 });
  expect(await appendEvents(db, entries(1, 'kept'))).toBe(1);
});
