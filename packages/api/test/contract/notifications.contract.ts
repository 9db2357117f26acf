import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../src/live/topics.ts';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

/** Notifications and rewards among `events` that belong to anyone but `ownerId`: there must never be any. */
export function foreignPrivateEvents(events: LiveMessage[], ownerId: string): LiveMessage[] {
  return events.filter(
    (e) =>
      'topic' in e &&
      (e.topic === 'notifications' || e.topic === 'rewards') &&
      e.type !== 'deleted' &&
      e.record.userId !== ownerId,
  );
}

const isNotification = (e: LiveMessage) => 'topic' in e && e.topic === 'notifications';

export function notificationsContract(target: ContractTarget): void {
  describe('notifications', () => {
    const app = useApp(target);

    it('delivers each person’s notifications to them alone and marks them read live', async () => {
      const ivy = await app.signUp('Ivy');
      const jon = await app.signUp('Jon');
      const { items: empty, lastEventId } = await ivy.api.notifications.list.query();
      expect(empty).toEqual([]);
      const ivyInbox = listen(ivy.api.notifications.onChange, { lastEventId });
      const jonInbox = listen(jon.api.notifications.onChange, { lastEventId });
      const anonymous = listen(app.anonymous().live.onChange, { topics: ['notifications', 'posts'], lastEventId });
      try {
        await ivy.api.posts.create.mutate({ body: 'Ivy earns points' });
        const created = (await ivyInbox.waitForCount(2)).map((r) => r.data);
        expect(created).toMatchObject([
          { topic: 'notifications', type: 'created', record: { userId: ivy.user.id, read: false } },
          { topic: 'notifications', type: 'created', record: { userId: ivy.user.id, read: false } },
        ]);
        const inbox = await ivy.api.notifications.list.query();
        expect(inbox.items.filter((n) => !n.read)).toHaveLength(2);
        const first = inbox.items[1]!;

        const marked = await ivy.api.notifications.markRead.mutate({ ids: [first.id] });
        expect(marked.items).toEqual([{ ...first, read: true }]);
        const [, , update] = await ivyInbox.waitForCount(3);
        expect(update?.data).toEqual({
          topic: 'notifications',
          type: 'updated',
          id: first.id,
          record: marked.items[0],
        });
        expect((await ivy.api.notifications.list.query()).items.filter((n) => !n.read)).toHaveLength(1);

        // Jon's own later notification is the marker: anything of Ivy's would have reached him before it.
        const marker = await jon.api.posts.create.mutate({ body: 'Jon earns points too' });
        await jonInbox.waitForCount(2);
        await anonymous.waitFor((e) => 'id' in e && e.id === marker.id);
        expect(foreignPrivateEvents(jonInbox.data, jon.user.id)).toEqual([]);
        expect(jonInbox.data).toHaveLength(2);
        expect(foreignPrivateEvents(ivyInbox.data, ivy.user.id)).toEqual([]);
        expect(anonymous.data.filter(isNotification)).toEqual([]);
      } finally {
        ivyInbox.close();
        jonInbox.close();
        anonymous.close();
      }
    });

    it('marks read idempotently and treats someone else’s notification as unknown, changing nothing', async () => {
      const kai = await app.signUp('Kai');
      const lia = await app.signUp('Lia');
      await kai.api.posts.create.mutate({ body: 'for a notification' });
      await lia.api.posts.create.mutate({ body: 'for a notification' });
      const [kaiFirst] = (await kai.api.notifications.list.query()).items;
      const [liaFirst] = (await lia.api.notifications.list.query()).items;
      await kai.api.notifications.markRead.mutate({ ids: [kaiFirst!.id] });

      await expectDatabaseUnchanged(kai.api, async () => {
        expect(await kai.api.notifications.markRead.mutate({ ids: [kaiFirst!.id, kaiFirst!.id] })).toEqual({
          items: [],
          lastEventId: null,
        });
        await expectTrpcError(
          kai.api.notifications.markRead.mutate({ ids: [kaiFirst!.id, liaFirst!.id] }),
          'NOT_FOUND',
          new RegExp(`notification.*${liaFirst!.id}`),
        );
      });
      expect((await lia.api.notifications.list.query()).items.every((n) => !n.read)).toBe(true);
    });

    it('refuses anonymous readers and bad input, changing nothing', async () => {
      const mo = await app.signUp('Mo');
      await expectDatabaseUnchanged(mo.api, async () => {
        const anon = app.anonymous();
        await expectTrpcError(anon.notifications.list.query(), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(anon.notifications.markRead.mutate({ ids: ['x'] }), 'UNAUTHORIZED', /log in/);
        const markRead = mo.api.notifications.markRead;
        await expectTrpcError(markRead.mutate({ ids: [] }), 'BAD_REQUEST', /ids/);
        await expectTrpcError(
          markRead.mutate({ ids: Array.from({ length: 101 }, (_, i) => `n${i}`) }),
          'BAD_REQUEST',
          /ids/,
        );
        await expectTrpcError(markRead.mutate({ ids: 'n1' as unknown as string[] }), 'BAD_REQUEST', /ids/);
        await expectTrpcError(markRead.mutate({ ids: [''] }), 'BAD_REQUEST', /ids\.0/);
        await expectTrpcError(markRead.mutate({ ids: ['no-such-notification'] }), 'NOT_FOUND', /no-such-notification/);
      });
    });
  });
}
