import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError, resultOf } from './expect.ts';
import { foreignPrivateEvents } from './notifications.contract.ts';
import { listen, useApp } from './setup.ts';

export function tasksContract(target: ContractTarget): void {
  describe('tasks', () => {
    const app = useApp(target);

    it('shows a task created, taken on, finished and deleted live to an anonymous reader', async () => {
      const street = await app.admin().api.streets.create.mutate({ name: 'Birch Lane' });
      const ada = await app.signUp('Ada');
      const reader = app.anonymous();
      const { lastEventId } = await reader.tasks.list.query();
      const board = listen(reader.tasks.onChange, { lastEventId });
      try {
        const task = await ada.api.tasks.create.mutate({ title: 'Clear the drains', streetId: street.id });
        expect(task).toMatchObject({
          title: 'Clear the drains',
          streetId: street.id,
          streetName: 'Birch Lane',
          status: 'open',
          assigneeId: null,
          assigneeName: null,
          createdBy: ada.user.id,
        });
        const taken = await ada.api.tasks.update.mutate({
          id: task.id,
          status: 'in_progress',
          assigneeId: ada.user.id,
        });
        expect(taken).toMatchObject({ status: 'in_progress', assigneeId: ada.user.id, assigneeName: 'Ada' });
        const done = await ada.api.tasks.update.mutate({ id: task.id, status: 'done' });
        await ada.api.tasks.delete.mutate({ id: task.id });
        const events = (await board.waitForCount(4)).map((r) => r.data);
        expect(events).toEqual([
          { topic: 'tasks', type: 'created', id: task.id, record: resultOf(task) },
          { topic: 'tasks', type: 'updated', id: task.id, record: resultOf(taken) },
          { topic: 'tasks', type: 'updated', id: task.id, record: resultOf(done) },
          { topic: 'tasks', type: 'deleted', id: task.id },
        ]);
        const ids = board.received.map((r) => Number(r.id));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect((await reader.tasks.list.query()).items.find((t) => t.id === task.id)).toBeUndefined();
      } finally {
        board.close();
      }
    });

    it('pays the assignee once per task, with a badge the first time, and tells only them', async () => {
      const bea = await app.signUp('Bea');
      const cal = await app.signUp('Cal');
      const { lastEventId } = await cal.api.notifications.list.query();
      const topics = ['tasks', 'notifications', 'rewards'] as const;
      const calLive = listen(cal.api.live.onChange, { topics: [...topics], lastEventId });
      const beaLive = listen(bea.api.live.onChange, { topics: [...topics], lastEventId });
      try {
        const task = await bea.api.tasks.create.mutate({ title: 'Paint the bench' });
        await bea.api.tasks.update.mutate({ id: task.id, assigneeId: cal.user.id });
        await bea.api.tasks.update.mutate({ id: task.id, status: 'done' });
        // Reopening and finishing again pays nothing more.
        await bea.api.tasks.update.mutate({ id: task.id, status: 'open' });
        await bea.api.tasks.update.mutate({ id: task.id, status: 'done' });
        const marker = await bea.api.tasks.create.mutate({ title: 'marker' });
        await calLive.waitFor((e) => 'id' in e && e.id === marker.id);
        await beaLive.waitFor((e) => 'id' in e && e.id === marker.id);

        const rewards = calLive.data.flatMap((e) =>
          'topic' in e && e.topic === 'rewards' && e.type !== 'deleted' ? [e.record] : [],
        );
        expect(rewards).toMatchObject([
          { userId: cal.user.id, points: 10, badge: null, reason: 'Finished the task "Paint the bench"' },
          { userId: cal.user.id, points: 5, badge: 'Street sweeper' },
        ]);
        const notifications = calLive.data.flatMap((e) =>
          'topic' in e && e.topic === 'notifications' && e.type !== 'deleted' ? [e.record] : [],
        );
        // Words a person reads, no ids; each links to the task it is about.
        const subject = { kind: 'task', id: task.id };
        expect(notifications).toMatchObject([
          { message: 'Bea gave you the task "Paint the bench".', subject },
          { message: 'You earned 10 points: Finished the task "Paint the bench".', subject },
          { message: 'You earned 5 points and the "Street sweeper" badge: Finished a first task.', subject },
        ]);
        expect(foreignPrivateEvents(calLive.data, cal.user.id)).toEqual([]);
        expect(foreignPrivateEvents(beaLive.data, bea.user.id)).toEqual([]);
        expect(beaLive.data.some((e) => 'topic' in e && e.topic !== 'tasks')).toBe(false);
        expect((await cal.api.rewards.mine.query()).points).toBe(15);
        expect((await bea.api.rewards.mine.query()).points).toBe(0);
      } finally {
        calLive.close();
        beaLive.close();
      }
    });

    it('answers a giver the newest event of the commit that reaches the giver, not the assignee’s notification', async () => {
      const hal = app.admin();
      const ida = await app.signUp('Ida');
      const task = await hal.api.tasks.create.mutate({ title: 'Fix the gate' });
      const halLive = listen(hal.api.live.onChange, {
        topics: ['tasks', 'notifications'],
        lastEventId: task.lastEventId,
      });
      try {
        // The commit appends the task's change (everyone sees it), then Ida's notification (Ida alone, not admins).
        const given = await hal.api.tasks.update.mutate({ id: task.id, assigneeId: ida.user.id });
        const marker = await hal.api.tasks.create.mutate({ title: 'marker' });
        await halLive.waitFor((e) => 'id' in e && e.id === marker.id);
        // Hal's screen waits for this id before it drops the change it showed at once: it must come to Hal.
        const seen = halLive.received.map((r) => r.id);
        expect(seen).toContain(given.lastEventId);
        const taskEvent = halLive.received.find((r) => 'id' in r.data && r.data.id === task.id);
        expect(taskEvent?.id).toBe(given.lastEventId);
      } finally {
        halLive.close();
      }
    });

    it('pays whoever marks an unassigned task done', async () => {
      const dee = await app.signUp('Dee');
      const eli = await app.signUp('Eli');
      const task = await dee.api.tasks.create.mutate({ title: 'Sweep the corner' });
      await eli.api.tasks.update.mutate({ id: task.id, status: 'done' });
      const mine = await eli.api.rewards.mine.query();
      expect(mine.points).toBe(15);
      expect(mine.items.map((r) => r.badge)).toContain('Street sweeper');
      expect((await dee.api.rewards.mine.query()).points).toBe(0);
    });

    it('lets only the creator or an admin delete a task', async () => {
      const fin = await app.signUp('Fin');
      const gil = await app.signUp('Gil');
      const task = await fin.api.tasks.create.mutate({ title: 'Mine to delete' });
      await expectTrpcError(gil.api.tasks.delete.mutate({ id: task.id }), 'FORBIDDEN', /created this task or an admin/);
      await app.admin().api.tasks.delete.mutate({ id: task.id });
      await expectTrpcError(fin.api.tasks.delete.mutate({ id: task.id }), 'NOT_FOUND', /task/);
    });

    it('refuses writes without a login and bad input, changing nothing', async () => {
      const hana = await app.signUp('Hana');
      const task = await hana.api.tasks.create.mutate({ title: 'Existing task' });
      await expectDatabaseUnchanged(hana.api, async () => {
        const anon = app.anonymous();
        await expectTrpcError(anon.tasks.create.mutate({ title: 'hi' }), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(anon.tasks.update.mutate({ id: task.id, status: 'done' }), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(anon.tasks.delete.mutate({ id: task.id }), 'UNAUTHORIZED', /log in/);
        const api = hana.api;
        await expectTrpcError(api.tasks.create.mutate({ title: '' }), 'BAD_REQUEST', /title/);
        await expectTrpcError(api.tasks.create.mutate({ title: '   ' }), 'BAD_REQUEST', /title/);
        await expectTrpcError(api.tasks.create.mutate({ title: 'x'.repeat(201) }), 'BAD_REQUEST', /title/);
        await expectTrpcError(api.tasks.create.mutate({ title: 7 as unknown as string }), 'BAD_REQUEST', /title/);
        await expectTrpcError(
          api.tasks.create.mutate({ title: 'On no street', streetId: 'no-such-street' }),
          'NOT_FOUND',
          /street.*no-such-street/,
        );
        await expectTrpcError(api.tasks.update.mutate({ id: task.id }), 'BAD_REQUEST', /status.*assigneeId/);
        await expectTrpcError(
          api.tasks.update.mutate({ id: task.id, status: 'finished' as 'done' }),
          'BAD_REQUEST',
          /status/,
        );
        await expectTrpcError(
          api.tasks.update.mutate({ id: task.id, assigneeId: 'no-such-user' }),
          'NOT_FOUND',
          /user.*no-such-user/,
        );
        await expectTrpcError(api.tasks.update.mutate({ id: 'no-such-task', status: 'done' }), 'NOT_FOUND', /task/);
        await expectTrpcError(api.tasks.update.mutate({ id: '', status: 'done' }), 'BAD_REQUEST', /id/);
        await expectTrpcError(api.tasks.delete.mutate({ id: 'x'.repeat(65) }), 'BAD_REQUEST', /id/);
      });
    });
  });
}
