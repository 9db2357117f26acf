import { describe, expect, it } from 'vitest';
import { comparatorOf, TOPIC_DEFINITIONS } from '../../src/topics/index.ts';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function leaderboardContract(target: ContractTarget): void {
  describe('leaderboard', () => {
    const app = useApp(target);

    it('ranks people by points and shows every change live to an anonymous reader', async () => {
      const vic = await app.signUp('Vic');
      const wes = await app.signUp('Wes');
      const reader = app.anonymous();
      const { items: before, lastEventId } = await reader.leaderboard.top.query();
      expect(before.map((p) => p.points)).toEqual([0, 0, 0]);
      const board = listen(reader.leaderboard.onChange, { lastEventId });
      try {
        await vic.api.posts.create.mutate({ body: 'one' });
        await wes.api.posts.create.mutate({ body: 'one' });
        await wes.api.posts.create.mutate({ body: 'two' });
        const events = (await board.waitForCount(5)).map((r) => r.data);
        expect(events).toEqual([
          {
            topic: 'leaderboard',
            type: 'updated',
            id: vic.user.id,
            record: { id: vic.user.id, name: 'Vic', points: 1 },
          },
          {
            topic: 'leaderboard',
            type: 'updated',
            id: vic.user.id,
            record: { id: vic.user.id, name: 'Vic', points: 6 },
          },
          {
            topic: 'leaderboard',
            type: 'updated',
            id: wes.user.id,
            record: { id: wes.user.id, name: 'Wes', points: 1 },
          },
          {
            topic: 'leaderboard',
            type: 'updated',
            id: wes.user.id,
            record: { id: wes.user.id, name: 'Wes', points: 6 },
          },
          {
            topic: 'leaderboard',
            type: 'updated',
            id: wes.user.id,
            record: { id: wes.user.id, name: 'Wes', points: 7 },
          },
        ]);
        const top = await reader.leaderboard.top.query({ limit: 2 });
        expect(top.items).toEqual([
          { id: wes.user.id, name: 'Wes', points: 7 },
          { id: vic.user.id, name: 'Vic', points: 6 },
        ]);
        // The snapshot reflects at least the last change the stream showed (later events are notifications).
        expect(Number(top.lastEventId)).toBeGreaterThanOrEqual(Number(board.lastEventId));
        expect((await reader.leaderboard.top.query({ limit: 1 })).items).toHaveLength(1);
      } finally {
        board.close();
      }
    });

    it('ranks equal points in the order the client computes from the topic definition', async () => {
      // Ties are where a client that sorts live updates itself used to disagree with a fresh snapshot.
      for (let i = 0; i < 6; i += 1) await app.signUp(`Tie ${i}`);
      const { items } = await app.anonymous().leaderboard.top.query({ limit: 100 });
      expect(items.filter((p) => p.points === 0).length).toBeGreaterThanOrEqual(6);
      const clientOrder = [...items].sort(comparatorOf(TOPIC_DEFINITIONS.leaderboard.order));
      expect(items.map((p) => p.id)).toEqual(clientOrder.map((p) => p.id));
    });

    it('refuses a limit out of bounds', async () => {
      const top = app.anonymous().leaderboard.top;
      await expectTrpcError(top.query({ limit: 0 }), 'BAD_REQUEST', /limit/);
      await expectTrpcError(top.query({ limit: 101 }), 'BAD_REQUEST', /limit/);
      await expectTrpcError(top.query({ limit: 2.5 }), 'BAD_REQUEST', /limit/);
      await expectTrpcError(top.query({ limit: 'ten' as unknown as number }), 'BAD_REQUEST', /limit/);
    });
  });
}
