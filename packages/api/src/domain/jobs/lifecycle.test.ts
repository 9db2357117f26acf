import { findJob, findUserById, insertJob, insertUser, readEventsAfter } from '@adopt/db';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices } from '../../../test/services.ts';
import type { Viewer } from '../../context.ts';
import { commitChanges } from '../../live/commit.ts';
import { newId, nowIso } from '../ids.ts';
import { awardPoints } from '../rewards.ts';
import { failInterruptedJobs, startJob } from './lifecycle.ts';
import { JobRunner } from './runner.ts';

type TestServices = Awaited<ReturnType<typeof createTestServices>>;

async function addPerson(services: TestServices, name: string): Promise<Viewer> {
  const user = await insertUser(services.db, {
    id: newId(),
    email: `${name.toLowerCase()}@example.org`,
    name,
    passwordHash: 'unused',
    role: 'admin',
    createdAt: nowIso(),
  });
  return { ...user, sessionId: 'unused', expiresAt: Number.MAX_SAFE_INTEGER };
}

describe('background jobs', () => {
  let services: TestServices;
  const crashes: unknown[] = [];
  beforeEach(async () => {
    crashes.length = 0;
    services = await createTestServices({ jobs: new JobRunner((error) => crashes.push(error)) });
  });
  afterEach(() => services.close());

  it('restores drifted point totals from the rewards and announces only those that changed', async () => {
    const [ann, bob] = [await addPerson(services, 'Ann'), await addPerson(services, 'Bob')];
    await commitChanges(services, (tx) => awardPoints(tx, { userId: ann.id, points: 7, reason: 'Helped out' }));
    // Simulates a total that went wrong outside the rewards table, e.g. a bad manual fix.
    await services.db.updateTable('users').set({ points: 100 }).where('id', '=', ann.id).execute();
    const before = Number((await readEventsAfter(services.db, 0)).at(-1)?.id ?? 0);

    const job = await startJob(services, ann, { kind: 'recomputeLeaderboard' });
    await services.jobs?.drain();

    expect((await findUserById(services.db, ann.id))?.points).toBe(7);
    expect((await findUserById(services.db, bob.id))?.points).toBe(0);
    const announced = (await readEventsAfter(services.db, before)).filter((row) => row.topic === 'leaderboard');
    expect(announced.map((row) => JSON.parse(row.payload))).toEqual([
      { topic: 'leaderboard', type: 'updated', id: ann.id, record: { id: ann.id, name: 'Ann', points: 7 } },
    ]);
    const done = await findJob(services.db, job.id);
    expect(done).toMatchObject({ status: 'done', processed: 2, total: 2 });
    expect(JSON.parse(done?.result ?? 'null')).toMatchObject({ checked: 2, corrected: 1 });
  });

  it('marks a job failed with its reason when its work breaks, and keeps running later jobs', async () => {
    const ann = await addPerson(services, 'Ann');
    await sql`drop table rsvps`.execute(services.db);
    await sql`drop table cleanup_events`.execute(services.db);
    const broken = await startJob(services, ann, {
      kind: 'importEvents',
      csv: 'title,description,startsAt,location\nSweep,,2030-06-01T10:00:00Z,Elm',
    });
    const next = await startJob(services, ann, { kind: 'recomputeLeaderboard' });
    await services.jobs?.drain();

    const failed = await findJob(services.db, broken.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/stopped unexpectedly \(.*cleanup_events.*\)\. Start it again/);
    expect((await findJob(services.db, next.id))?.status).toBe('done');
    expect(crashes).toEqual([]);
  });

  it('reports a job it cannot even record to the crash reporter instead of crashing the process', async () => {
    const ann = await addPerson(services, 'Ann');
    await sql`drop table jobs`.execute(services.db);
    await expect(startJob(services, ann, { kind: 'recomputeLeaderboard' })).rejects.toThrow(/jobs/);
    const runner = services.jobs!;
    runner.run('lost-job', async () => {
      throw new Error('database gone');
    });
    await runner.drain();
    expect(crashes).toEqual([new Error('database gone')]);
    expect(runner.size).toBe(0);
  });

  it('marks jobs that a stopped server left running as failed, and leaves recent ones to their instance', async () => {
    const ann = await addPerson(services, 'Ann');
    const leftBehind = (id: string, updatedAt: string) => ({
      id,
      ownerId: ann.id,
      kind: 'importEvents',
      status: 'running' as const,
      processed: 50,
      total: 200,
      result: null,
      error: null,
      createdAt: updatedAt,
      updatedAt,
    });
    await insertJob(services.db, leftBehind('cut-off', new Date(Date.now() - 60 * 60_000).toISOString()));
    await insertJob(services.db, leftBehind('busy-elsewhere', new Date().toISOString()));
    const before = Number((await readEventsAfter(services.db, 0)).at(-1)?.id ?? 0);

    expect(await failInterruptedJobs(services, 10 * 60_000)).toBe(1);

    expect(await findJob(services.db, 'cut-off')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Start it again/),
    });
    expect((await findJob(services.db, 'busy-elsewhere'))?.status).toBe('running');
    const told = (await readEventsAfter(services.db, before)).map((row) => JSON.parse(row.payload));
    expect(told).toMatchObject([{ topic: 'jobs', type: 'updated', id: 'cut-off', record: { status: 'failed' } }]);
  });
});
