import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../src/live/topics.ts';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

type StatsMessage = LiveMessage<'stats'>;
const figures = (e: StatsMessage) => (e.type === 'updated' ? e.record : null);

export function statsContract(target: ContractTarget): void {
  describe('stats', () => {
    const app = useApp(target);

    it("pushes each instance's figures to an admin's stream, and nothing to a member's", async () => {
      const admin = app.admin().api;
      const member = (await app.signUp('Mia')).api;
      await expectTrpcError(member.stats.instances.query(), 'FORBIDDEN');

      const { items, lastEventId } = await admin.stats.instances.query();
      expect(items).toHaveLength(1);
      const [here] = items;
      expect(here).toMatchObject({ slowClientsCut: 0, eventLogLag: 0, runningJobs: 0 });

      const members = listen(member.stats.onChange, { lastEventId });
      const admins = listen(admin.stats.onChange, { lastEventId });
      try {
        // Pushed, not asked for: the admin's own stream now counts among the figures.
        const pushed = await admins.waitFor((e) => (figures(e)?.watchers ?? 0) > 0, 8000);
        expect(pushed.data).toMatchObject({ topic: 'stats', type: 'updated', id: here?.id });
        const record = figures(pushed.data)!;
        expect(record.streams).toBeGreaterThanOrEqual(2);
        expect(record.topics.stats).toBeGreaterThanOrEqual(2);
        expect(record.watchers).toBe(1);
        // The next figures, a further interval on: by then any the member could have had has come and gone.
        await admins.waitFor((e) => figures(e) !== null && figures(e)!.at > record.at, 8000);
        expect(members.data.filter((e) => figures(e) !== null)).toEqual([]);
      } finally {
        admins.close();
        members.close();
      }
    });
  });
}
