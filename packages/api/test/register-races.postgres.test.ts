import type { Database } from '@adopt/db';
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { register } from '../src/domain/auth.ts';
import { raceHeldAt } from './held-race.ts';
import { usePostgresServices } from './postgres-services.ts';

// Sign-ups append no events, so nothing else queues them: two at once must still share no email and not both be
// the first account. Each race is held where both have checked and neither has inserted.
const postgres = usePostgresServices();

const signUp = (email: string) => async () => {
  const request = { ownOrigin: 'http://localhost', ip: '127.0.0.1', secure: false, setCookie: () => {} };
  const ctx = await createContext(postgres.services, request);
  return register(ctx, { email, name: email.split('@')[0] ?? email, password: 'correct horse battery' });
};

// Inserts into users wait for this; reads do not.
const holdUsers = (trx: Kysely<Database>) => sql`lock table users in share mode`.execute(trx);

it('two first sign-ups at once: one admin, one member', async () => {
  const outcomes = await raceHeldAt(postgres.db, holdUsers, [signUp('ann@example.org'), signUp('bob@example.org')]);

  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
  const { rows } = await sql<{ role: string }>`select role from users order by role`.execute(postgres.db);
  expect(rows.map((r) => r.role)).toEqual(['admin', 'member']);
});

it('the same email twice at once: one account, and the other is told it exists', async () => {
  const outcomes = await raceHeldAt(postgres.db, holdUsers, [signUp('cat@example.org'), signUp('cat@example.org')]);

  expect(outcomes[0]?.status).toBe('fulfilled');
  expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT' } });
  expect((outcomes[1] as PromiseRejectedResult).reason.message).toContain('cat@example.org already exists');
});
