import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError, resultOf } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function moderationContract(target: ContractTarget): void {
  describe('roles', () => {
    const app = useApp(target);

    it('promotes and demotes; a demoted admin stops receiving admin-only events at once', async () => {
      const eve = await app.signUp('Eve');
      const { api } = app.admin();
      await api.admin.setRole.mutate({ userId: eve.user.id, role: 'admin' });
      expect((await eve.api.auth.me.query())?.role).toBe('admin');
      const { lastEventId } = await eve.api.jobs.list.query();
      const stream = listen(eve.api.live.onChange, { topics: ['jobs', 'users', 'announcements'], lastEventId });
      try {
        const seen = await api.jobs.start.mutate({ kind: 'recomputeLeaderboard' });
        await stream.waitFor((e) => e.type !== 'resync' && e.topic === 'jobs' && e.id === seen.id);
        const demoted = await api.admin.setRole.mutate({ userId: eve.user.id, role: 'member' });
        expect(demoted.lastEventId).not.toBeNull();
        expect(resultOf(demoted)).toEqual({ id: eve.user.id, name: 'Eve', role: 'member', bannedReason: null });
        // Her own screens hear of it, so the Admin screen can go.
        await stream.waitFor((e) => e.type === 'updated' && e.topic === 'users' && e.record.role === 'member');
        const unseen = await api.jobs.start.mutate({ kind: 'recomputeLeaderboard' });
        const marker = await api.admin.announce.mutate({ message: 'After the demotion' });
        await stream.waitFor((e) => e.type !== 'resync' && e.id === marker.id);
        expect(stream.data.some((e) => e.type !== 'resync' && e.id === unseen.id)).toBe(false);
        await expectTrpcError(eve.api.admin.stats.query(), 'FORBIDDEN', /admins/);
      } finally {
        stream.close();
      }
    });

    it('refuses an admin changing their own role, and members changing anyone', async () => {
      const { api, user } = app.admin();
      const member = await app.signUp('Fay');
      await expectDatabaseUnchanged(api, async () => {
        await expectTrpcError(api.admin.setRole.mutate({ userId: user.id, role: 'member' }), 'FORBIDDEN', /yourself/);
        await expectTrpcError(
          member.api.admin.setRole.mutate({ userId: member.user.id, role: 'admin' }),
          'FORBIDDEN',
          /admins/,
        );
        await expectTrpcError(api.admin.setRole.mutate({ userId: 'nobody', role: 'admin' }), 'NOT_FOUND', /nobody/);
      });
      expect((await api.auth.me.query())?.role).toBe('admin');
    });
  });

  describe('bans', () => {
    const app = useApp(target);

    it('ends every session of a banned person at once and refuses their login with the reason', async () => {
      const email = `gus-${Date.now()}@example.org`;
      const signedIn = await app.anonymous().auth.register.mutate({ email, name: 'Gus', password: 'correct horse' });
      const gus = app.app.client(signedIn.token);
      // As every contract person is (see signUp): his streams ending must log no leave into the next test.
      await gus.presence.setVisible.mutate({ visible: false });
      const { token: second } = await app.anonymous().auth.login.mutate({ email, password: 'correct horse' });
      const { lastEventId } = await gus.posts.list.query({});
      const streams = [
        listen(gus.live.onChange, { topics: ['posts'], lastEventId }),
        listen(app.app.client(second).notifications.onChange, { lastEventId }),
      ];
      try {
        // Both streams are open once both have seen an event.
        const post = await gus.posts.create.mutate({ body: 'Hello' });
        await streams[0]?.waitFor((e) => e.type !== 'resync' && e.id === post.id);
        await streams[1]?.waitForCount(1);
        await app.admin().api.admin.ban.mutate({ userId: signedIn.user.id, reason: 'Spam in the feed' });
        for (const stream of streams) {
          expect(String(await stream.waitForError(1000))).toMatch(/This account is banned: Spam in the feed/);
        }
        expect(await gus.auth.me.query()).toBeNull();
        await expectTrpcError(gus.posts.create.mutate({ body: 'Still here?' }), 'UNAUTHORIZED');
        await expectTrpcError(
          app.anonymous().auth.login.mutate({ email, password: 'correct horse' }),
          'FORBIDDEN',
          /This account is banned: Spam in the feed/,
        );
        const { items } = await app.admin().api.users.list.query({ query: 'gus' });
        expect(items).toEqual([
          { id: signedIn.user.id, name: 'Gus', role: 'member', bannedReason: 'Spam in the feed' },
        ]);

        await app.admin().api.admin.unban.mutate({ userId: signedIn.user.id });
        const back = await app.anonymous().auth.login.mutate({ email, password: 'correct horse' });
        expect(back.user.id).toBe(signedIn.user.id);
      } finally {
        for (const stream of streams) stream.close();
      }
    });

    it('refuses to ban yourself, an admin, or without a reason, changing nothing', async () => {
      const { api, user } = app.admin();
      const other = await app.signUp('Hal');
      await api.admin.setRole.mutate({ userId: other.user.id, role: 'admin' });
      const member = await app.signUp('Ida');
      await expectDatabaseUnchanged(api, async () => {
        await expectTrpcError(api.admin.ban.mutate({ userId: user.id, reason: 'x' }), 'FORBIDDEN', /yourself/);
        await expectTrpcError(
          api.admin.ban.mutate({ userId: other.user.id, reason: 'x' }),
          'FORBIDDEN',
          /member first/,
        );
        await expectTrpcError(api.admin.ban.mutate({ userId: member.user.id, reason: ' ' }), 'BAD_REQUEST', /reason/);
        await expectTrpcError(member.api.admin.ban.mutate({ userId: other.user.id, reason: 'x' }), 'FORBIDDEN');
      });
      expect(await member.api.auth.me.query()).not.toBeNull();
    });
  });

  describe('hiding posts and comments', () => {
    const app = useApp(target);

    it('takes a hidden post out of every open feed and tells its author why', async () => {
      const jo = await app.signUp('Jo');
      const reader = app.anonymous();
      const { lastEventId } = await reader.posts.list.query({});
      const feed = listen(reader.posts.onChange, { lastEventId });
      try {
        const post = await jo.api.posts.create.mutate({ body: 'Cheap watches, DM me' });
        await feed.waitFor((e) => e.type === 'created' && e.id === post.id);
        const hidden = await app.admin().api.admin.hide.mutate({ kind: 'post', id: post.id, reason: 'Advertising' });
        expect(hidden.lastEventId).not.toBeNull();
        expect(resultOf(hidden)).toEqual({ kind: 'post', id: post.id });
        await feed.waitFor((e) => e.type === 'deleted' && e.id === post.id);
        expect((await reader.posts.list.query({})).items.map((p) => p.id)).not.toContain(post.id);
        const { items } = await jo.api.notifications.list.query();
        expect(items.map((n) => n.message)).toContain('An admin hid your post "Cheap watches, DM me": Advertising');
        await expectTrpcError(
          app.admin().api.admin.hide.mutate({ kind: 'post', id: post.id, reason: 'Again' }),
          'NOT_FOUND',
          /post/,
        );
      } finally {
        feed.close();
      }
    });

    it("takes a hidden comment out of its thread, lowers the post's count, and refuses members", async () => {
      const kim = await app.signUp('Kim');
      const post = await app.admin().api.posts.create.mutate({ body: 'Bring gloves' });
      const comment = await kim.api.comments.create.mutate({ postId: post.id, body: 'Rude words' });
      const { lastEventId } = await kim.api.comments.list.query({ postId: post.id });
      const thread = listen(app.anonymous().comments.onChange, { postId: post.id, lastEventId });
      try {
        await expectTrpcError(
          kim.api.admin.hide.mutate({ kind: 'comment', id: comment.id, reason: 'Mine' }),
          'FORBIDDEN',
          /admins/,
        );
        await app.admin().api.admin.hide.mutate({ kind: 'comment', id: comment.id, reason: 'Be kind' });
        await thread.waitFor((e) => e.type === 'deleted' && e.id === comment.id);
        expect((await kim.api.comments.list.query({ postId: post.id })).items).toEqual([]);
        const [listed] = (await kim.api.posts.list.query({})).items.filter((p) => p.id === post.id);
        expect(listed?.commentCount).toBe(0);
        const { items } = await kim.api.notifications.list.query();
        expect(items.map((n) => n.message)).toContain('An admin hid your comment "Rude words": Be kind');
      } finally {
        thread.close();
      }
    });
  });
}
