import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../src/live/topics.ts';
import type { ContractTarget } from './client.ts';
import { expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function liveContract(target: ContractTarget): void {
  describe('live events', () => {
    const app = useApp(target);

    it('resumes from lastEventId with exactly the events missed, none twice', async () => {
      const jo = await app.signUp('Jo');
      const { lastEventId: start } = await jo.api.posts.list.query({});
      const first = listen(jo.api.posts.onChange, { lastEventId: start });
      const a = await jo.api.posts.create.mutate({ body: 'a' });
      const [seenA] = await first.waitForCount(1);
      first.close();
      const b = await jo.api.posts.create.mutate({ body: 'b' });
      const c = await jo.api.posts.create.mutate({ body: 'c' });

      const resumed = listen(jo.api.posts.onChange, { lastEventId: seenA?.id ?? null });
      try {
        const events = await resumed.waitForCount(2);
        expect(seenA?.data).toMatchObject({ type: 'created', id: a.id });
        expect(events.map((e) => e.data)).toMatchObject([
          { type: 'created', id: b.id },
          { type: 'created', id: c.id },
        ]);
        const d = await jo.api.posts.create.mutate({ body: 'd' });
        const live = await resumed.waitForCount(3);
        expect(live[2]?.data).toMatchObject({ id: d.id });
        expect(new Set(resumed.received.map((r) => r.id)).size).toBe(3);
      } finally {
        resumed.close();
      }
    });

    it('multiplexes topics over one subscription and keeps each person’s notifications to them', async () => {
      const kim = await app.signUp('Kim');
      const lee = await app.signUp('Lee');
      const { lastEventId } = await kim.api.posts.list.query({});
      const kimLive = listen(kim.api.live.onChange, { topics: ['posts', 'notifications', 'rewards'], lastEventId });
      const leeLive = listen(lee.api.live.onChange, { topics: ['posts', 'notifications', 'rewards'], lastEventId });
      try {
        const post = await kim.api.posts.create.mutate({ body: 'Points for Kim' });
        const marker = await lee.api.posts.create.mutate({ body: 'marker' });
        await kimLive.waitFor((e) => e.type === 'created' && e.id === marker.id);
        await leeLive.waitFor((e) => e.type === 'created' && e.id === marker.id);
        const topicsOf = (events: LiveMessage[], owner: string) =>
          events
            .filter(
              (e): e is Extract<LiveMessage, { topic: 'notifications' }> => 'topic' in e && e.topic === 'notifications',
            )
            .every((e) => e.type === 'deleted' || e.record.userId === owner);
        expect(kimLive.data).toContainEqual(expect.objectContaining({ topic: 'posts', id: post.id }));
        expect(kimLive.data).toContainEqual(expect.objectContaining({ topic: 'notifications', type: 'created' }));
        expect(kimLive.data).toContainEqual(expect.objectContaining({ topic: 'rewards', type: 'created' }));
        expect(topicsOf(kimLive.data, kim.user.id)).toBe(true);
        expect(topicsOf(leeLive.data, lee.user.id)).toBe(true);
        const leeSawKims = leeLive.data.some(
          (e) =>
            'topic' in e &&
            (e.topic === 'notifications' || e.topic === 'rewards') &&
            e.type !== 'deleted' &&
            e.record.userId === kim.user.id,
        );
        expect(leeSawKims).toBe(false);
      } finally {
        kimLive.close();
        leeLive.close();
      }
    });

    it('ends a session’s streams when it logs out', async () => {
      const max = await app.signUp('Max');
      const { lastEventId } = await max.api.posts.list.query({});
      const stream = listen(max.api.live.onChange, { topics: ['notifications'], lastEventId });
      await max.api.posts.create.mutate({ body: 'before logout' });
      await stream.waitFor((e) => 'topic' in e && e.topic === 'notifications');
      await max.api.auth.logout.mutate();
      const error = await stream.waitForError();
      expect(String(error)).toMatch(/session ended|log in/i);
      await expectTrpcError(
        new Promise((resolve, reject) => {
          const again = listen(max.api.notifications.onChange, { lastEventId });
          again
            .waitForError()
            .then(reject, resolve)
            .finally(() => again.close());
        }),
        'UNAUTHORIZED',
      );
    });

    it('answers a lastEventId the log never handed out with resync, then goes live', async () => {
      const ned = await app.signUp('Ned');
      const stream = listen(ned.api.posts.onChange, { lastEventId: '999999999' });
      try {
        const [first] = await stream.waitForCount(1);
        expect(first?.data).toMatchObject({ type: 'resync' });
        const post = await ned.api.posts.create.mutate({ body: 'after resync' });
        await stream.waitFor((e) => e.type === 'created' && e.id === post.id);
      } finally {
        stream.close();
      }
    });

    it('rejects a malformed lastEventId and unknown topics', async () => {
      const anon = app.anonymous();
      for (const input of [{ lastEventId: 'abc' }, { lastEventId: '-1' }, { lastEventId: '1'.repeat(40) }]) {
        const stream = listen(anon.posts.onChange, input);
        const error = await stream.waitForError();
        stream.close();
        expect(String(error)).toMatch(/lastEventId/);
      }
      const stream = listen(anon.live.onChange, { topics: ['secrets' as 'posts'] });
      expect(String(await stream.waitForError())).toMatch(/topics/);
      stream.close();
    });
  });
}
