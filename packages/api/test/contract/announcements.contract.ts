import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError, resultOf } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function announcementsContract(target: ContractTarget): void {
  describe('announcements', () => {
    const app = useApp(target);

    it('shows an admin’s announcements live to everyone, newest first', async () => {
      const xia = await app.signUp('Xia');
      const reader = app.anonymous();
      const { items, lastEventId } = await reader.announcements.list.query();
      expect(items).toEqual([]);
      const anonymousFeed = listen(reader.announcements.onChange, { lastEventId });
      const memberFeed = listen(xia.api.announcements.onChange, { lastEventId });
      try {
        const admin = app.admin();
        const first = await admin.api.admin.announce.mutate({ message: '  Bin collection moves to Friday  ' });
        expect(first).toMatchObject({
          authorId: admin.user.id,
          authorName: 'Admin',
          message: 'Bin collection moves to Friday',
        });
        const second = await admin.api.admin.announce.mutate({ message: 'Clean-up on Saturday' });
        const expected = [
          { topic: 'announcements', type: 'created', id: first.id, record: resultOf(first) },
          { topic: 'announcements', type: 'created', id: second.id, record: resultOf(second) },
        ];
        expect((await anonymousFeed.waitForCount(2)).map((r) => r.data)).toEqual(expected);
        // Each answer names the event its commit produced: the stream's id for that announcement.
        expect(anonymousFeed.received.map((r) => r.id)).toEqual([first.lastEventId, second.lastEventId]);
        expect((await memberFeed.waitForCount(2)).map((r) => r.data)).toEqual(expected);
        expect((await reader.announcements.list.query()).items).toEqual([resultOf(second), resultOf(first)]);
      } finally {
        anonymousFeed.close();
        memberFeed.close();
      }
    });

    it('lets only admins announce and refuses bad input, changing nothing', async () => {
      const yan = await app.signUp('Yan');
      const admin = app.admin().api;
      await expectDatabaseUnchanged(yan.api, async () => {
        await expectTrpcError(app.anonymous().admin.announce.mutate({ message: 'hi' }), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(yan.api.admin.announce.mutate({ message: 'hi' }), 'FORBIDDEN', /admins/);
        await expectTrpcError(admin.admin.announce.mutate({ message: '' }), 'BAD_REQUEST', /message/);
        await expectTrpcError(admin.admin.announce.mutate({ message: '   ' }), 'BAD_REQUEST', /message/);
        await expectTrpcError(admin.admin.announce.mutate({ message: 'x'.repeat(1001) }), 'BAD_REQUEST', /message/);
        await expectTrpcError(
          admin.admin.announce.mutate({ message: ['hi'] as unknown as string }),
          'BAD_REQUEST',
          /message/,
        );
      });
    });
  });
}
