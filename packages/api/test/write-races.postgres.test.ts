import { insertUser, lockEventLog, migrateToLatest, openPostgres, readEventsAfter, readLastEventId } from '@adopt/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../db/test/postgres.ts';
import type { Viewer } from '../src/context.ts';
import { createServices } from '../src/create-services.ts';
import { cancelEvent, createEvent, getEvent, publishEvent, rsvp } from '../src/domain/events.ts';
import { JobRunner } from '../src/domain/jobs/runner.ts';
import { listOnline } from '../src/domain/presence/online.ts';
import { awardPoints } from '../src/domain/rewards.ts';
import { changeTask, createTask } from '../src/domain/tasks.ts';
import { commitChanges } from '../src/live/commit.ts';
import type { Services } from '../src/services.ts';
import { raceHeldAt } from './held-race.ts';

// Writes run side by side until their append, which takes the event log's lock just before commit. Each race
// below is held at its racing step (two transactions open at once) and must still end as if one went first.
describe('writes racing on PostgreSQL', () => {
  const database = usePostgresDatabase();
  let db: ReturnType<typeof openPostgres>;
  let here: Services;
  let there: Services;
  let people = 0;

  const open = () =>
    createServices({
      db: db.kysely,
      dialect: 'postgres',
      config: { presence: { leaveDelayMs: 0, heartbeatMs: 60_000, expireAfterMs: 60_000 } },
      bus: { pollIntervalMs: 0 },
      jobs: new JobRunner(),
    });

  beforeAll(async () => {
    db = openPostgres({ url: database.url, maxConnections: 20 });
    await migrateToLatest(db.kysely);
    here = await open();
    there = await open();
  });

  afterAll(async () => {
    for (const services of [here, there]) {
      services?.presence.stop();
      services?.stats.stop();
      services?.bus.stop();
    }
    await db?.close();
  });

  async function person(role: 'admin' | 'member' = 'member'): Promise<Viewer> {
    const n = ++people;
    const user = await insertUser(db.kysely, {
      id: `person-${n}`,
      email: `person-${n}@example.org`,
      name: `Person ${n}`,
      passwordHash: 'unused',
      role,
      createdAt: new Date().toISOString(),
    });
    return { ...user, sessionId: `session-${n}`, expiresAt: Date.now() + 60_000 };
  }

  const holdLog = (trx: Parameters<typeof lockEventLog>[0]) => lockEventLog(trx);
  const newestFor = async (after: number, recordId: string) =>
    (await readEventsAfter(db.kysely, after, 1000)).filter((e) => e.recordId === recordId).at(-1);

  it('an RSVP and a cancel at once: the newest event is the clean-up as it now is', async () => {
    const organiser = await person('admin');
    const neighbour = await person();
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const { id } = await createEvent(here, organiser, { title: 'Sweep', description: '', startsAt, location: 'Elm' });
    await publishEvent(here, organiser, id);
    const before = await readLastEventId(db.kysely);

    const outcomes = await raceHeldAt(db.kysely, holdLog, [
      () => rsvp(here, neighbour, id, true),
      () => cancelEvent(there, organiser, id),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const now = await getEvent(here, organiser, id);
    expect(now).toMatchObject({ status: 'cancelled', attendees: [{ id: neighbour.id }] });
    expect(JSON.parse((await newestFor(before, id))?.payload ?? '{}').record).toEqual(now);
  });

  it('a one-off award given twice at once is paid once', async () => {
    const ann = await person();
    const award = () =>
      commitChanges(here, (tx) => awardPoints(tx, { userId: ann.id, points: 5, reason: 'Helped out', once: true }));

    await raceHeldAt(db.kysely, holdLog, [award, award]);

    const { rows } = await sql<{ n: string }>`select count(*) as n from rewards where user_id = ${ann.id}`.execute(
      db.kysely,
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('a task two people finish at once is finished once: one update, one reward', async () => {
    const [ann, bob] = [await person(), await person()];
    const task = await createTask(here, ann, { title: 'Clear the drain' });
    const before = await readLastEventId(db.kysely);

    await raceHeldAt(db.kysely, holdLog, [
      () => changeTask(here, ann, { id: task.id, status: 'done' }),
      () => changeTask(there, bob, { id: task.id, status: 'done' }),
    ]);

    const updates = (await readEventsAfter(db.kysely, before, 1000)).filter((e) => e.recordId === task.id);
    expect(updates).toHaveLength(1);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from rewards where award_key = ${`task-done:${task.id}`}`.execute(db.kysely);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('a join on one instance and a leave on another at once: the person stays online', async () => {
    const [ann, cat] = [await person(), await person()];
    there.presence.connected(ann.id);
    await there.presence.settled();
    const before = await readLastEventId(db.kysely);

    // The join here stops at its own presence row (held by the race), the leave there at the event log.
    await raceHeldAt(
      db.kysely,
      async (trx) => {
        await sql`insert into presence (instance_id, user_id, seen_at)
                  values (${here.presence.instanceId}, ${ann.id}, ${new Date().toISOString()})`.execute(trx);
        await lockEventLog(trx);
      },
      [async () => here.presence.connected(ann.id), async () => there.presence.disconnected(ann.id)],
    );
    await here.presence.settled();
    await there.presence.settled();

    expect((await listOnline(here, cat)).items.map((p) => p.id)).toContain(ann.id);
    // Nothing needed saying (she never left), or whatever was said last says she is here.
    expect((await newestFor(before, ann.id))?.type).not.toBe('deleted');
  });
});
