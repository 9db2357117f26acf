import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { foreignPrivateEvents } from './notifications.contract.ts';
import { listen, useApp } from './setup.ts';

export function rewardsContract(target: ContractTarget): void {
  describe('rewards', () => {
    const app = useApp(target);

    it('shows people their own rewards and total live, and nobody else', async () => {
      const tess = await app.signUp('Tess');
      const uma = await app.signUp('Uma');
      const before = await tess.api.rewards.mine.query();
      expect(before).toMatchObject({ items: [], points: 0 });
      const { lastEventId } = before;
      const tessRewards = listen(tess.api.rewards.onChange, { lastEventId });
      const umaRewards = listen(uma.api.rewards.onChange, { lastEventId });
      const anonymous = listen(app.anonymous().live.onChange, { topics: ['rewards', 'posts'], lastEventId });
      try {
        await tess.api.posts.create.mutate({ body: 'Tess earns points' });
        const live = (await tessRewards.waitForCount(2)).map((r) => r.data);
        expect(live).toMatchObject([
          { topic: 'rewards', type: 'created', record: { userId: tess.user.id, points: 1, badge: null } },
          { topic: 'rewards', type: 'created', record: { userId: tess.user.id, points: 5, badge: 'First post' } },
        ]);
        const mine = await tess.api.rewards.mine.query();
        expect(mine.points).toBe(6);
        expect(mine.items).toHaveLength(2);
        expect(mine.items).toEqual(expect.arrayContaining(live.map((e) => ('record' in e ? e.record : undefined))));
        expect(Number(mine.lastEventId)).toBeGreaterThan(Number(lastEventId));

        // Uma's own later reward is the marker: anything of Tess's would have reached her before it.
        const marker = await uma.api.posts.create.mutate({ body: 'Uma earns points' });
        await umaRewards.waitForCount(2);
        await anonymous.waitFor((e) => 'id' in e && e.id === marker.id);
        expect(foreignPrivateEvents(umaRewards.data, uma.user.id)).toEqual([]);
        expect(foreignPrivateEvents(tessRewards.data, tess.user.id)).toEqual([]);
        expect(anonymous.data.filter((e) => 'topic' in e && e.topic === 'rewards')).toEqual([]);
        expect((await uma.api.rewards.mine.query()).points).toBe(6);
      } finally {
        tessRewards.close();
        umaRewards.close();
        anonymous.close();
      }
    });

    it('refuses an anonymous viewer', async () => {
      await expectTrpcError(app.anonymous().rewards.mine.query(), 'UNAUTHORIZED', /log in/);
    });
  });
}
