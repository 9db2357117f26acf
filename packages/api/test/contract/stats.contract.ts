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
        // Figures go out while an admin shows them: the panel of a tab of this session says it is open, as the
        // app's panel does each time its stream is live (a stream still connecting has not heard it yet).
        const watching = (e: StatsMessage) => (figures(e)?.watchers ?? 0) > 0;
        let pushed: Awaited<ReturnType<typeof admins.waitFor>> | undefined;
        for (let attempt = 0; pushed === undefined && attempt < 4; attempt++) {
          await admin.stats.watch.mutate({ tab: 'panel-tab', open: true });
          pushed = await admins.waitFor(watching, 4000).catch(() => undefined);
        }
        // Pushed, not asked for: the admin's own stream now counts among the figures.
        if (pushed === undefined) throw new Error('No figures reached the admin whose panel is open.');
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
