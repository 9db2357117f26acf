import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../src/live/topics.ts';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { listen, type Person, useApp } from './setup.ts';

type Presence = LiveMessage<'presence'>;

const joined = (person: Person) => (e: Presence) => e.type === 'created' && e.id === person.user.id;
const left = (person: Person) => (e: Presence) => e.type === 'deleted' && e.id === person.user.id;

/** Someone who lets others see them online (the test harness signs people up invisible). */
async function visible(person: Promise<Person>): Promise<Person> {
  const signedUp = await person;
  await signedUp.api.presence.setVisible.mutate({ visible: true });
  return signedUp;
}

/** Presence as `person` watches it, from a snapshot on: a stream connects later than a call returns. */
async function watch(person: Person) {
  const { lastEventId } = await person.api.presence.online.query();
  return listen(person.api.presence.onChange, { lastEventId });
}

/** What makes someone present: any live stream of theirs, whatever it shows; resolves once it is open. */
async function openApp(person: Person) {
  const { lastEventId } = await person.api.posts.list.query({});
  const stream = listen(person.api.live.onChange, { topics: ['posts'], lastEventId });
  const post = await person.api.posts.create.mutate({ body: `${person.user.name} is here` });
  await stream.waitFor((e) => e.type !== 'resync' && e.id === post.id);
  return stream;
}

export function presenceContract(target: ContractTarget): void {
  describe('presence', () => {
    const app = useApp(target);

    it('shows members who else has the app open, live, and not to anonymous viewers', async () => {
      const ann = await visible(app.signUp('Ann'));
      const bob = await visible(app.signUp('Bob'));
      const watching = await watch(ann);
      const bobsApp = await openApp(bob);
      try {
        await watching.waitFor(joined(ann));
        const bobJoined = await watching.waitFor(joined(bob));
        expect(bobJoined.data).toEqual({
          topic: 'presence',
          type: 'created',
          id: bob.user.id,
          record: { id: bob.user.id, name: 'Bob' },
        });
        const online = await bob.api.presence.online.query();
        expect(online.items).toEqual(
          expect.arrayContaining([
            { id: ann.user.id, name: 'Ann' },
            { id: bob.user.id, name: 'Bob' },
          ]),
        );
        expect(online.visible).toBe(true);
        await expectTrpcError(app.anonymous().presence.online.query(), 'UNAUTHORIZED');
      } finally {
        watching.close();
        bobsApp.close();
      }
    });

    it('sends a leave a few seconds after the last stream closes, and none for a reload', async () => {
      const ann = await visible(app.signUp('Ann'));
      const cat = await visible(app.signUp('Cat'));
      const watching = await watch(ann);
      try {
        await watching.waitFor(joined(ann));
        const first = await openApp(cat);
        await watching.waitFor(joined(cat));
        // A reload: the old stream closes, a new one opens at once.
        first.close();
        const second = await openApp(cat);
        // Someone else arriving after the reload: once their join is in, a flap would have shown before it.
        const eli = await visible(app.signUp('Eli'));
        const elisApp = await openApp(eli);
        await watching.waitFor(joined(eli));
        expect(watching.data.some(left(cat))).toBe(false);
        elisApp.close();
        second.close();
        await watching.waitFor(left(cat), 10_000);
        const aboutCat = watching.data.filter((e) => e.type !== 'resync' && e.id === cat.user.id);
        expect(aboutCat.map((e) => e.type)).toEqual(['created', 'deleted']);
        const online = await ann.api.presence.online.query();
        expect(online.items.map((p) => p.id)).not.toContain(cat.user.id);
      } finally {
        watching.close();
      }
    });

    it('keeps an invisible person out of the list and their comings and goings unsent', async () => {
      const ann = await visible(app.signUp('Ann'));
      // Signed up invisible.
      const dan = await app.signUp('Dan');
      const watching = await watch(ann);
      const dansApp = await openApp(dan);
      try {
        await watching.waitFor(joined(ann));
        expect((await dan.api.presence.online.query()).visible).toBe(false);
        // Showing themselves while online is a join for everyone else; hiding again, a leave.
        await dan.api.presence.setVisible.mutate({ visible: true });
        await watching.waitFor(joined(dan));
        expect((await ann.api.presence.online.query()).items.map((p) => p.id)).toContain(dan.user.id);
        await dan.api.presence.setVisible.mutate({ visible: false });
        await watching.waitFor(left(dan));
        expect((await ann.api.presence.online.query()).items.map((p) => p.id)).not.toContain(dan.user.id);
        const aboutDan = watching.data.filter((e) => e.type !== 'resync' && e.id === dan.user.id);
        expect(aboutDan.map((e) => e.type)).toEqual(['created', 'deleted']);
      } finally {
        watching.close();
        dansApp.close();
      }
    });
  });
}
