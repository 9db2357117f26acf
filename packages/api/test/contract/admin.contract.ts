import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function adminContract(target: ContractTarget): void {
  describe('admin', () => {
    const app = useApp(target);

    it('reports live connection figures to admins', async () => {
      const zed = await app.signUp('Zed');
      const { lastEventId } = await zed.api.tasks.list.query();
      const board = listen(app.anonymous().tasks.onChange, { lastEventId });
      const screen = listen(zed.api.live.onChange, { topics: ['tasks', 'announcements'], lastEventId });
      try {
        // Once both have seen an event, both are certainly connected.
        const task = await zed.api.tasks.create.mutate({ title: 'Count me' });
        await board.waitFor((e) => 'id' in e && e.id === task.id);
        await screen.waitFor((e) => 'id' in e && e.id === task.id);
        const stats = await app.admin().api.admin.stats.query();
        expect(stats).toMatchObject({
          totalClients: 2,
          totalTopics: 2,
          topics: { tasks: 2, announcements: 1 },
          eventLog: { lastEventId: board.lastEventId, trimmedThrough: '0' },
        });
        // Whether those two went out live or as a replay depends on timing, so only the shape is certain.
        expect(stats).toMatchObject({ deliveries: expect.any(Number), dropped: 0 });
      } finally {
        board.close();
        screen.close();
      }
    });

    it('refuses stats to members and anonymous viewers', async () => {
      const member = await app.signUp('Member');
      await expectTrpcError(member.api.admin.stats.query(), 'FORBIDDEN', /admins/);
      await expectTrpcError(app.anonymous().admin.stats.query(), 'UNAUTHORIZED', /log in/);
    });
  });
}
