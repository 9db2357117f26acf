import { type Database, migrateToLatest, openPostgres } from '@adopt/db';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../db/test/postgres.ts';
import { createContext } from '../src/context.ts';
import { createServices } from '../src/create-services.ts';
import { register } from '../src/domain/auth.ts';
import { JobRunner } from '../src/domain/jobs/runner.ts';
import type { Services } from '../src/services.ts';
import { raceHeldAt } from './held-race.ts';

// Sign-ups append no events, so nothing else queues them: two at once must still share no email and not both be
// the first account. Each race is held where both have checked and neither has inserted.
const database = usePostgresDatabase();
let db: ReturnType<typeof openPostgres>;
let services: Services;

beforeAll(async () => {
  db = openPostgres({ url: database.url, maxConnections: 10 });
  await migrateToLatest(db.kysely);
  services = await createServices({
    db: db.kysely,
    dialect: 'postgres',
    authAttemptsPerMinute: 1000,
    bus: { pollIntervalMs: 0 },
    jobs: new JobRunner(),
  });
});

afterAll(async () => {
  services?.presence.stop();
  services?.stats.stop();
  services?.bus.stop();
  await db?.close();
});

const signUp = (email: string) => async () => {
  const request = { ownOrigin: 'http://localhost', ip: '127.0.0.1', secure: false, setCookie: () => {} };
  const ctx = await createContext(services, request);
  return register(ctx, { email, name: email.split('@')[0] ?? email, password: 'correct horse battery' });
};

// Inserts into users wait for this; reads do not.
const holdUsers = (trx: Kysely<Database>) => sql`lock table users in share mode`.execute(trx);

it('two first sign-ups at once: one admin, one member', async () => {
  const outcomes = await raceHeldAt(db.kysely, holdUsers, [signUp('ann@example.org'), signUp('bob@example.org')]);

  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
  const { rows } = await sql<{ role: string }>`select role from users order by role`.execute(db.kysely);
  expect(rows.map((r) => r.role)).toEqual(['admin', 'member']);
});

it('the same email twice at once: one account, and the other is told it exists', async () => {
  const outcomes = await raceHeldAt(db.kysely, holdUsers, [signUp('cat@example.org'), signUp('cat@example.org')]);

  expect(outcomes[0]?.status).toBe('fulfilled');
  expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT' } });
  expect((outcomes[1] as PromiseRejectedResult).reason.message).toContain('cat@example.org already exists');
});
