import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../src/live/topics.ts';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError, resultOf } from './expect.ts';
import { listen, type Person, useApp } from './setup.ts';

const nextWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString();
const eventInput = (title: string) => ({
  title,
  description: 'Bring gloves; bags provided.',
  startsAt: nextWeek(),
  location: 'Corner of Elm and Oak',
});
const statusOf = (e: LiveMessage) => ('record' in e && e.topic === 'events' ? e.record.status : null);
const pointsOf = async (person: Person) => (await person.api.auth.me.query())?.points;

export function eventsContract(target: ContractTarget): void {
  describe('events', () => {
    const app = useApp(target);

    it('shows a draft only to its organiser and admins, and the published event to everyone, live', async () => {
      const ola = await app.signUp('Ola');
      const pat = await app.signUp('Pat');
      const { lastEventId } = await app.anonymous().events.list.query();
      const [olaLive, adminLive, patLive, anonLive] = [ola.api, app.admin().api, pat.api, app.anonymous()].map((api) =>
        listen(api.events.onChange, { lastEventId }),
      );
      try {
        const draft = resultOf(await ola.api.events.create.mutate(eventInput('Spring sweep')));
        expect(draft).toMatchObject({ status: 'draft', organiserId: ola.user.id, organiserName: 'Ola', attendees: [] });
        const edited = resultOf(await ola.api.events.update.mutate({ id: draft.id, location: 'Elm Street park gate' }));
        expect(edited).toMatchObject({ title: 'Spring sweep', location: 'Elm Street park gate' });

        const idsFor = async (api: Person['api']) => (await api.events.list.query()).items.map((e) => e.id);
        expect(await idsFor(pat.api)).not.toContain(draft.id);
        expect(await idsFor(app.anonymous())).not.toContain(draft.id);
        expect(await idsFor(app.admin().api)).toContain(draft.id);
        expect(await ola.api.events.byId.query({ id: draft.id })).toEqual(edited);
        await expectTrpcError(pat.api.events.byId.query({ id: draft.id }), 'NOT_FOUND', new RegExp(draft.id));
        await expectTrpcError(app.anonymous().events.byId.query({ id: draft.id }), 'NOT_FOUND');

        // Publishing is the first thing Pat and anonymous readers may hear of: it marks the end of the draft.
        const published = resultOf(await ola.api.events.publish.mutate({ id: draft.id }));
        expect(published.status).toBe('published');
        const expected = [
          { topic: 'events', type: 'created', id: draft.id, record: draft },
          { topic: 'events', type: 'updated', id: draft.id, record: edited },
          { topic: 'events', type: 'updated', id: draft.id, record: published },
        ];
        expect((await olaLive!.waitForCount(3)).map((r) => r.data)).toEqual(expected);
        expect((await adminLive!.waitForCount(3)).map((r) => r.data)).toEqual(expected);
        for (const outsider of [patLive!, anonLive!]) {
          await outsider.waitFor((e) => statusOf(e) === 'published');
          expect(outsider.data).toEqual([expected[2]]);
        }
        expect(await pat.api.events.byId.query({ id: draft.id })).toEqual(published);
        expect((await app.anonymous().events.list.query()).items).toContainEqual(published);
      } finally {
        for (const stream of [olaLive, adminLive, patLive, anonLive]) stream?.close();
      }
    });

    it('goes from draft to published to cancelled, and refuses any other step', async () => {
      const quinn = await app.signUp('Quinn');
      const { lastEventId } = await quinn.api.events.list.query();
      const live = listen(quinn.api.events.onChange, { lastEventId });
      try {
        const event = await quinn.api.events.create.mutate(eventInput('Canal clean-up'));
        await quinn.api.events.publish.mutate({ id: event.id });
        await expectTrpcError(quinn.api.events.publish.mutate({ id: event.id }), 'CONFLICT', /already published/);
        const cancelled = await quinn.api.events.cancel.mutate({ id: event.id });
        expect(cancelled.status).toBe('cancelled');
        await expectDatabaseUnchanged(quinn.api, async () => {
          await expectTrpcError(quinn.api.events.cancel.mutate({ id: event.id }), 'CONFLICT', /already cancelled/);
          await expectTrpcError(quinn.api.events.publish.mutate({ id: event.id }), 'CONFLICT', /cancelled/);
          await expectTrpcError(
            quinn.api.events.update.mutate({ id: event.id, title: 'Revived' }),
            'CONFLICT',
            /cancelled/,
          );
          await expectTrpcError(quinn.api.events.rsvp.mutate({ id: event.id, going: true }), 'CONFLICT', /cancelled/);
        });
        await live.waitFor((e) => statusOf(e) === 'cancelled');
        expect(live.data.map(statusOf)).toEqual(['draft', 'published', 'cancelled']);

        // A draft may be cancelled before anyone saw it.
        const draft = await quinn.api.events.create.mutate(eventInput('Rained off'));
        expect((await quinn.api.events.cancel.mutate({ id: draft.id })).status).toBe('cancelled');
      } finally {
        live.close();
      }
    });

    it('lets only the organiser or an admin change an event, and hides others’ drafts from them', async () => {
      const rae = await app.signUp('Rae');
      const sam = await app.signUp('Sam');
      const draft = await rae.api.events.create.mutate(eventInput('Rae’s draft'));
      const open = await rae.api.events.create.mutate(eventInput('Rae’s event'));
      await rae.api.events.publish.mutate({ id: open.id });
      await expectDatabaseUnchanged(sam.api, async () => {
        for (const call of [
          sam.api.events.update.mutate({ id: draft.id, title: 'Mine now' }),
          sam.api.events.publish.mutate({ id: draft.id }),
          sam.api.events.cancel.mutate({ id: draft.id }),
          sam.api.events.rsvp.mutate({ id: draft.id, going: true }),
        ]) {
          await expectTrpcError(call, 'NOT_FOUND', /No event/);
        }
        await expectTrpcError(sam.api.events.update.mutate({ id: open.id, title: 'x' }), 'FORBIDDEN', /organiser/);
        await expectTrpcError(sam.api.events.cancel.mutate({ id: open.id }), 'FORBIDDEN', /organiser/);
        await expectTrpcError(app.anonymous().events.create.mutate(eventInput('Anon')), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(app.anonymous().events.rsvp.mutate({ id: open.id, going: true }), 'UNAUTHORIZED');
      });
      await expectTrpcError(rae.api.events.rsvp.mutate({ id: draft.id, going: true }), 'CONFLICT', /draft/);
      const admin = app.admin().api;
      expect((await admin.events.update.mutate({ id: draft.id, title: 'Tidied by admin' })).title).toBe(
        'Tidied by admin',
      );
      expect((await admin.events.publish.mutate({ id: draft.id })).status).toBe('published');
    });

    it('tracks who is going live, earns points once per event and a badge the first time', async () => {
      const tia = await app.signUp('Tia');
      const uma = await app.signUp('Uma');
      const first = await tia.api.events.create.mutate(eventInput('Park litter pick'));
      const second = await tia.api.events.create.mutate(eventInput('River bank'));
      for (const { id } of [first, second]) await tia.api.events.publish.mutate({ id });
      const { lastEventId } = await uma.api.events.list.query();
      const live = listen(app.anonymous().events.onChange, { lastEventId });
      const inbox = listen(uma.api.live.onChange, { topics: ['notifications', 'rewards'], lastEventId });
      try {
        const going = await uma.api.events.rsvp.mutate({ id: first.id, going: true });
        expect(going.attendees).toEqual([{ id: uma.user.id, name: 'Uma' }]);
        expect(await pointsOf(uma)).toBe(15);
        const badge = await inbox.waitFor((e) => 'record' in e && e.topic === 'rewards' && e.record.badge !== null);
        expect(badge.data).toMatchObject({ record: { badge: 'First clean-up', userId: uma.user.id } });

        // Saying yes again changes nothing, so there is no event to wait for; changing one's mind and back earns nothing more.
        expect(await uma.api.events.rsvp.mutate({ id: first.id, going: true })).toEqual({
          ...going,
          lastEventId: null,
        });
        const notGoing = await uma.api.events.rsvp.mutate({ id: first.id, going: false });
        expect(notGoing.attendees).toEqual([]);
        await uma.api.events.rsvp.mutate({ id: first.id, going: true });
        expect(await pointsOf(uma)).toBe(15);
        await uma.api.events.rsvp.mutate({ id: second.id, going: true });
        expect(await pointsOf(uma)).toBe(25);

        const events = (await live.waitForCount(4)).map((r) => r.data);
        expect(events.map((e) => 'record' in e && e.topic === 'events' && [e.id, e.record.attendees.length])).toEqual([
          [first.id, 1],
          [first.id, 0],
          [first.id, 1],
          [second.id, 1],
        ]);

        // Cancelling tells the people who planned to come.
        await tia.api.events.cancel.mutate({ id: second.id });
        const told = await inbox.waitFor(
          (e) => 'record' in e && e.topic === 'notifications' && /cancel/.test(e.record.message),
        );
        expect(told.data).toMatchObject({ record: { userId: uma.user.id, message: '"River bank" was cancelled.' } });
      } finally {
        live.close();
        inbox.close();
      }
    });

    it('refuses bad input naming the field, changing nothing', async () => {
      const val = await app.signUp('Val');
      const event = await val.api.events.create.mutate(eventInput('Valid event'));
      const create = val.api.events.create;
      await expectDatabaseUnchanged(val.api, async () => {
        await expectTrpcError(create.mutate({ ...eventInput(''), title: '  ' }), 'BAD_REQUEST', /title/);
        await expectTrpcError(create.mutate(eventInput('x'.repeat(121))), 'BAD_REQUEST', /title/);
        await expectTrpcError(create.mutate({ ...eventInput('Ok'), location: '' }), 'BAD_REQUEST', /location/);
        await expectTrpcError(
          create.mutate({ ...eventInput('Ok'), description: 'x'.repeat(2001) }),
          'BAD_REQUEST',
          /description/,
        );
        await expectTrpcError(
          create.mutate({ ...eventInput('Ok'), startsAt: 'next Tuesday' }),
          'BAD_REQUEST',
          /startsAt/,
        );
        await expectTrpcError(
          create.mutate({ ...eventInput('Ok'), startsAt: 42 as unknown as string }),
          'BAD_REQUEST',
          /startsAt/,
        );
        await expectTrpcError(val.api.events.update.mutate({ id: event.id }), 'BAD_REQUEST', /what to change/);
        await expectTrpcError(val.api.events.update.mutate({ id: event.id, title: '' }), 'BAD_REQUEST', /title/);
        await expectTrpcError(
          val.api.events.update.mutate({ id: 'no-such-event', title: 'x' }),
          'NOT_FOUND',
          /no-such-event/,
        );
        await expectTrpcError(val.api.events.publish.mutate({ id: '' }), 'BAD_REQUEST', /id/);
        await expectTrpcError(val.api.events.byId.query({ id: 'x'.repeat(65) }), 'BAD_REQUEST', /id/);
        await expectTrpcError(
          val.api.events.rsvp.mutate({ id: event.id, going: 'yes' as unknown as boolean }),
          'BAD_REQUEST',
          /going/,
        );
      });
    });
  });
}
