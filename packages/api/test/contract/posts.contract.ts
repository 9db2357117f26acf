import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function postsContract(target: ContractTarget): void {
  describe('posts', () => {
    const app = useApp(target);

    it('shows a new post, a like and a deletion live to an anonymous reader', async () => {
      const ann = await app.signUp('Ann');
      const reader = app.anonymous();
      const { lastEventId } = await reader.posts.list.query({});
      const feed = listen(reader.posts.onChange, { lastEventId });
      try {
        const post = await ann.api.posts.create.mutate({ body: 'Litter picking on Elm Street at 10' });
        const like = await ann.api.posts.like.mutate({ id: post.id });
        await ann.api.posts.delete.mutate({ id: post.id });
        const events = (await feed.waitForCount(3)).map((r) => r.data);
        // A live post goes to everyone, so it leaves out the one field that differs per viewer.
        const { likedByMe, lastEventId: createdAt, ...live } = post;
        expect(likedByMe).toBe(false);
        expect(events).toEqual([
          { topic: 'posts', type: 'created', id: post.id, record: live },
          { topic: 'posts', type: 'updated', id: post.id, record: { ...live, likes: 1 } },
          { topic: 'posts', type: 'deleted', id: post.id },
        ]);
        const ids = feed.received.map((r) => Number(r.id));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        // Each answer names the newest event its commit produced (a new post also notifies its author).
        const [created, liked] = ids;
        expect(Number(createdAt)).toBeGreaterThanOrEqual(created!);
        expect(Number(createdAt)).toBeLessThan(liked!);
        expect(like.lastEventId).toBe(String(liked));
      } finally {
        feed.close();
      }
    });

    it('pages the feed newest first and reports the event id the page reflects', async () => {
      const bob = await app.signUp('Bob');
      const bodies = ['one', 'two', 'three'];
      for (const body of bodies) await bob.api.posts.create.mutate({ body });
      const first = await bob.api.posts.list.query({ limit: 2 });
      expect(first.items.map((p) => p.body)).toEqual(['three', 'two']);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(Number(first.lastEventId)).toBeGreaterThan(0);
      const second = await bob.api.posts.list.query({ limit: 2, cursor: first.nextCursor });
      expect(second.items[0]?.body).toBe('one');
    });

    it('counts a like once per person', async () => {
      const cat = await app.signUp('Cat');
      const post = await cat.api.posts.create.mutate({ body: 'Thanks for the new bins' });
      await cat.api.posts.like.mutate({ id: post.id });
      const again = await cat.api.posts.like.mutate({ id: post.id });
      expect(again.likes).toBe(1);
    });

    it('says whether I liked a post and lets me take my like back', async () => {
      const gil = await app.signUp('Gil');
      const hal = await app.signUp('Hal');
      const post = await gil.api.posts.create.mutate({ body: 'New planters on Oak Road' });
      expect(await hal.api.posts.like.mutate({ id: post.id })).toMatchObject({ likes: 1, likedByMe: true });
      const likedBy = async (person: typeof gil) =>
        (await person.api.posts.list.query({ limit: 100 })).items.find((p) => p.id === post.id)?.likedByMe;
      expect(await likedBy(hal)).toBe(true);
      expect(await likedBy(gil)).toBe(false);
      expect(await hal.api.posts.unlike.mutate({ id: post.id })).toMatchObject({ likes: 0, likedByMe: false });
      expect(await hal.api.posts.unlike.mutate({ id: post.id })).toMatchObject({ likes: 0, likedByMe: false });
      expect(await likedBy(hal)).toBe(false);
      await expectTrpcError(hal.api.posts.unlike.mutate({ id: 'no-such-post' }), 'NOT_FOUND', /no-such-post/);
    });

    it('lets only the author or an admin delete a post', async () => {
      const dan = await app.signUp('Dan');
      const eve = await app.signUp('Eve');
      const post = await dan.api.posts.create.mutate({ body: 'Mine' });
      await expectTrpcError(eve.api.posts.delete.mutate({ id: post.id }), 'FORBIDDEN', /author or an admin/);
      await app.admin().api.posts.delete.mutate({ id: post.id });
      const { items } = await dan.api.posts.list.query({ limit: 100 });
      expect(items.find((p) => p.id === post.id)).toBeUndefined();
    });

    it('refuses writes without a login and bad input, changing nothing', async () => {
      const fay = await app.signUp('Fay');
      await expectDatabaseUnchanged(fay.api, async () => {
        await expectTrpcError(app.anonymous().posts.create.mutate({ body: 'hi' }), 'UNAUTHORIZED', /log in/);
        await expectTrpcError(fay.api.posts.create.mutate({ body: '' }), 'BAD_REQUEST', /body/);
        await expectTrpcError(fay.api.posts.create.mutate({ body: '   ' }), 'BAD_REQUEST', /body/);
        await expectTrpcError(fay.api.posts.create.mutate({ body: 'x'.repeat(2001) }), 'BAD_REQUEST', /body/);
        await expectTrpcError(fay.api.posts.create.mutate({ body: 42 as unknown as string }), 'BAD_REQUEST', /body/);
        await expectTrpcError(fay.api.posts.like.mutate({ id: 'no-such-post' }), 'NOT_FOUND', /no-such-post/);
        await expectTrpcError(fay.api.posts.delete.mutate({ id: '' }), 'BAD_REQUEST', /id/);
        await expectTrpcError(fay.api.posts.list.query({ limit: 0 }), 'BAD_REQUEST', /limit/);
        await expectTrpcError(fay.api.posts.list.query({ limit: 101 }), 'BAD_REQUEST', /limit/);
        await expectTrpcError(fay.api.posts.list.query({ cursor: 'garbage' }), 'BAD_REQUEST', /cursor/);
      });
    });
  });
}
