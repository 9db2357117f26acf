import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError, resultOf } from './expect.ts';
import { foreignPrivateEvents } from './notifications.contract.ts';
import { listen, useApp } from './setup.ts';

export function streetsContract(target: ContractTarget): void {
  describe('streets', () => {
    const app = useApp(target);

    it('shows a street created, adopted and released live to an anonymous reader', async () => {
      const reader = app.anonymous();
      const { lastEventId } = await reader.streets.list.query();
      const map = listen(reader.streets.onChange, { lastEventId });
      try {
        const street = resultOf(await app.admin().api.streets.create.mutate({ name: 'Elm Street' }));
        expect(street).toMatchObject({ name: 'Elm Street', adoptedBy: null, adopterName: null, adoptedAt: null });
        const nia = await app.signUp('Nia');
        const adopted = resultOf(await nia.api.streets.adopt.mutate({ id: street.id }));
        expect(adopted).toMatchObject({ adoptedBy: nia.user.id, adopterName: 'Nia', adoptedAt: expect.any(String) });
        const released = resultOf(await nia.api.streets.release.mutate({ id: street.id }));
        expect(released).toEqual(street);
        const events = (await map.waitForCount(3)).map((r) => r.data);
        expect(events).toEqual([
          { topic: 'streets', type: 'created', id: street.id, record: street },
          { topic: 'streets', type: 'updated', id: street.id, record: adopted },
          { topic: 'streets', type: 'updated', id: street.id, record: released },
        ]);
        expect((await reader.streets.list.query()).items).toContainEqual(released);
      } finally {
        map.close();
      }
    });

    it('pays for adopting once per street, with a badge the first time, and tells only the adopter', async () => {
      const admin = app.admin().api;
      const oak = await admin.streets.create.mutate({ name: 'Oak Road' });
      const ash = await admin.streets.create.mutate({ name: 'Ash Road' });
      const oli = await app.signUp('Oli');
      const pam = await app.signUp('Pam');
      const topics = ['streets', 'notifications', 'rewards'] as const;
      const { lastEventId } = await oli.api.streets.list.query();
      const oliLive = listen(oli.api.live.onChange, { topics: [...topics], lastEventId });
      const pamLive = listen(pam.api.live.onChange, { topics: [...topics], lastEventId });
      try {
        await oli.api.streets.adopt.mutate({ id: oak.id });
        await oli.api.streets.release.mutate({ id: oak.id });
        await oli.api.streets.adopt.mutate({ id: oak.id });
        await oli.api.streets.adopt.mutate({ id: ash.id });
        const marker = await admin.streets.create.mutate({ name: 'Marker Mews' });
        await oliLive.waitFor((e) => 'id' in e && e.id === marker.id);
        await pamLive.waitFor((e) => 'id' in e && e.id === marker.id);
        const rewards = oliLive.data.flatMap((e) =>
          'topic' in e && e.topic === 'rewards' && e.type !== 'deleted' ? [e.record] : [],
        );
        expect(rewards).toMatchObject([
          { userId: oli.user.id, points: 10, badge: null, reason: 'Adopted Oak Road' },
          { userId: oli.user.id, points: 5, badge: 'Street adopter' },
          { userId: oli.user.id, points: 10, badge: null, reason: 'Adopted Ash Road' },
        ]);
        expect(oliLive.data.filter((e) => 'topic' in e && e.topic === 'notifications')).toMatchObject([
          { record: { message: 'You earned 10 points: Adopted Oak Road.' } },
          { record: { message: 'You earned 5 points and the "Street adopter" badge: Adopted a first street.' } },
          { record: { message: 'You earned 10 points: Adopted Ash Road.' } },
        ]);
        expect(foreignPrivateEvents(oliLive.data, oli.user.id)).toEqual([]);
        expect(foreignPrivateEvents(pamLive.data, pam.user.id)).toEqual([]);
        expect(pamLive.data.every((e) => 'topic' in e && e.topic === 'streets')).toBe(true);
        expect((await oli.api.rewards.mine.query()).points).toBe(25);
      } finally {
        oliLive.close();
        pamLive.close();
      }
    });

    it('refuses a street someone else adopted, naming who; only the adopter or an admin releases it', async () => {
      const street = await app.admin().api.streets.create.mutate({ name: 'Quarry Lane' });
      const quin = await app.signUp('Quin');
      const ray = await app.signUp('Ray');
      const adopted = await quin.api.streets.adopt.mutate({ id: street.id });
      expect(await quin.api.streets.adopt.mutate({ id: street.id })).toEqual({ ...adopted, lastEventId: null });
      await expectDatabaseUnchanged(ray.api, async () => {
        await expectTrpcError(ray.api.streets.adopt.mutate({ id: street.id }), 'CONFLICT', /adopted by Quin/);
        await expectTrpcError(ray.api.streets.release.mutate({ id: street.id }), 'FORBIDDEN', /Quin or an admin/);
      });
      const released = await app.admin().api.streets.release.mutate({ id: street.id });
      expect(released.adoptedBy).toBeNull();
      const { items } = await quin.api.notifications.list.query();
      expect(items[0]?.message).toBe('Admin released Quarry Lane, which you had adopted.');
      expect((await ray.api.streets.adopt.mutate({ id: street.id })).adopterName).toBe('Ray');
    });

    it('lets only admins create streets, once per name, and refuses bad input, changing nothing', async () => {
      const admin = app.admin().api;
      const street = await admin.streets.create.mutate({ name: 'Willow Walk' });
      const sam = await app.signUp('Sam');
      await expectDatabaseUnchanged(admin, async () => {
        await expectTrpcError(app.anonymous().streets.create.mutate({ name: 'X' }), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(app.anonymous().streets.adopt.mutate({ id: street.id }), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(sam.api.streets.create.mutate({ name: 'Sam Street' }), 'FORBIDDEN', /admins/);
        await expectTrpcError(admin.streets.create.mutate({ name: 'Willow Walk' }), 'CONFLICT', /already exists/);
        await expectTrpcError(admin.streets.create.mutate({ name: ' willow walk ' }), 'CONFLICT', /already exists/);
        await expectTrpcError(admin.streets.create.mutate({ name: '' }), 'BAD_REQUEST', /name/);
        await expectTrpcError(admin.streets.create.mutate({ name: 'x'.repeat(121) }), 'BAD_REQUEST', /name/);
        await expectTrpcError(admin.streets.create.mutate({ name: null as unknown as string }), 'BAD_REQUEST', /name/);
        await expectTrpcError(sam.api.streets.adopt.mutate({ id: 'no-such-street' }), 'NOT_FOUND', /no-such-street/);
        await expectTrpcError(sam.api.streets.release.mutate({ id: 'no-such-street' }), 'NOT_FOUND', /street/);
        await expectTrpcError(sam.api.streets.adopt.mutate({ id: '' }), 'BAD_REQUEST', /id/);
      });
    });
  });
}
