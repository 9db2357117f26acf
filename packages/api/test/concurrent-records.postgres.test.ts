import { readEventsAfter, readLastEventId } from '@adopt/db';
import { expect, it } from 'vitest';
import { createEvent, getEvent, publishEvent, rsvp } from '../src/domain/events.ts';
import { insertPerson, usePostgresServices } from './postgres-services.ts';

// Events carry whole records and clients keep the newest, so a record read before an earlier id committed
// would undo that change on every screen. Writes run side by side until their append: this holds because each
// RSVP locks the clean-up's row before reading its attendees.
const postgres = usePostgresServices();
const person = (n: number) => insertPerson(postgres.db, n, n === 0 ? 'admin' : 'member');

it('after RSVPs sent at once, the newest event for the clean-up lists everyone going', async () => {
  const organiser = await person(0);
  const startsAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString();
  const { id } = await createEvent(postgres.services, organiser, {
    title: 'Sweep',
    description: '',
    startsAt,
    location: 'Elm',
  });
  await publishEvent(postgres.services, organiser, id);
  const neighbours = await Promise.all(Array.from({ length: 12 }, (_, i) => person(i + 1)));
  const before = await readLastEventId(postgres.db);

  await Promise.all(neighbours.map((neighbour) => rsvp(postgres.services, neighbour, id, true)));

  const logged = (await readEventsAfter(postgres.db, before, 1000)).filter((e) => e.recordId === id);
  const newest = JSON.parse(logged.at(-1)!.payload).record;
  expect((await getEvent(postgres.services, organiser, id)).attendees).toHaveLength(12);
  expect(newest.attendees).toHaveLength(12);
});
