import { lockEventLog, readEventsAfter, readLastEventId } from '@adopt/db';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelEvent, createEvent, getEvent, publishEvent, rsvp } from '../src/domain/events.ts';
import { listOnline } from '../src/domain/presence/online.ts';
import { awardPoints } from '../src/domain/rewards.ts';
import { changeTask, createTask } from '../src/domain/tasks.ts';
import { commitChanges } from '../src/live/commit.ts';
import type { Services } from '../src/services.ts';
import { raceHeldAt } from './held-race.ts';
import { insertPerson, usePostgresServices } from './postgres-services.ts';

// Writes run side by side until their append, which takes the event log's lock just before commit. Each race
// below is held at its racing step (two transactions open at once) and must still end as if one went first.
describe('writes racing on PostgreSQL', () => {
  const postgres = usePostgresServices({
    instances: 2,
    config: { presence: { leaveDelayMs: 0, heartbeatMs: 60_000, expireAfterMs: 60_000 } },
  });
  let here: Services;
  let there: Services;
  beforeAll(() => {
    [here, there] = postgres.instances as [Services, Services];
  });
  let people = 0;
  const person = (role: 'admin' | 'member' = 'member') => insertPerson(postgres.db, ++people, role);

  const holdLog = (trx: Parameters<typeof lockEventLog>[0]) => lockEventLog(trx);
  const newestFor = async (after: number, recordId: string) =>
    (await readEventsAfter(postgres.db, after, 1000)).filter((e) => e.recordId === recordId).at(-1);

  it('an RSVP and a cancel at once: the newest event is the clean-up as it now is', async () => {
    const organiser = await person('admin');
    const neighbour = await person();
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const { id } = await createEvent(here, organiser, { title: 'Sweep', description: '', startsAt, location: 'Elm' });
    await publishEvent(here, organiser, id);
    const before = await readLastEventId(postgres.db);

    const outcomes = await raceHeldAt(postgres.db, holdLog, [
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

    await raceHeldAt(postgres.db, holdLog, [award, award]);

    const { rows } = await sql<{ n: string }>`select count(*) as n from rewards where user_id = ${ann.id}`.execute(
      postgres.db,
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('a task two people finish at once is finished once: one update, one reward', async () => {
    const [ann, bob] = [await person(), await person()];
    const task = await createTask(here, ann, { title: 'Clear the drain' });
    const before = await readLastEventId(postgres.db);

    await raceHeldAt(postgres.db, holdLog, [
      () => changeTask(here, ann, { id: task.id, status: 'done' }),
      () => changeTask(there, bob, { id: task.id, status: 'done' }),
    ]);

    const updates = (await readEventsAfter(postgres.db, before, 1000)).filter((e) => e.recordId === task.id);
    expect(updates).toHaveLength(1);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from rewards where award_key = ${`task-done:${task.id}`}`.execute(postgres.db);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('a join on one instance and a leave on another at once: the person stays online', async () => {
    const [ann, cat] = [await person(), await person()];
    there.presence.connected(ann.id);
    await there.presence.settled();
    const before = await readLastEventId(postgres.db);

    // The join here stops at its own presence row (held by the race), the leave there at the event log.
    await raceHeldAt(
      postgres.db,
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
