import { insertUser, migrateToLatest, openPostgres, readEventsAfter, readLastEventId } from '@adopt/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { usePostgresDatabase } from '../../db/test/postgres.ts';
import type { Viewer } from '../src/context.ts';
import { createServices } from '../src/create-services.ts';
import { createEvent, getEvent, publishEvent, rsvp } from '../src/domain/events.ts';
import { JobRunner } from '../src/domain/jobs/runner.ts';
import type { Services } from '../src/services.ts';

// Events carry whole records and clients keep the newest, so a record read before an earlier id committed
// would undo that change on every screen. Writes run side by side until their append: this holds because each
// RSVP locks the clean-up's row before reading its attendees.
const database = usePostgresDatabase();
let db: ReturnType<typeof openPostgres>;
let services: Services;

beforeAll(async () => {
  db = openPostgres({ url: database.url, maxConnections: 20 });
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

async function person(n: number): Promise<Viewer> {
  const user = await insertUser(db.kysely, {
    id: `person-${n}`,
    email: `person-${n}@example.org`,
    name: `Person ${n}`,
    passwordHash: 'unused',
    role: n === 0 ? 'admin' : 'member',
    createdAt: new Date().toISOString(),
  });
  return { ...user, sessionId: `session-${n}`, expiresAt: Date.now() + 60_000 };
}

it('after RSVPs sent at once, the newest event for the clean-up lists everyone going', async () => {
  const organiser = await person(0);
  const startsAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString();
  const { id } = await createEvent(services, organiser, { title: 'Sweep', description: '', startsAt, location: 'Elm' });
  await publishEvent(services, organiser, id);
  const neighbours = await Promise.all(Array.from({ length: 12 }, (_, i) => person(i + 1)));
  const before = await readLastEventId(db.kysely);

  await Promise.all(neighbours.map((neighbour) => rsvp(services, neighbour, id, true)));

  const logged = (await readEventsAfter(db.kysely, before, 1000)).filter((e) => e.recordId === id);
  const newest = JSON.parse(logged.at(-1)!.payload).record;
  expect((await getEvent(services, organiser, id)).attendees).toHaveLength(12);
  expect(newest.attendees).toHaveLength(12);
});
