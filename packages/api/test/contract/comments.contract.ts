import { describe, expect, it } from 'vitest';
import type { ContractTarget } from './client.ts';
import { expectDatabaseUnchanged, expectTrpcError, resultOf } from './expect.ts';
import { listen, useApp } from './setup.ts';

export function commentsContract(target: ContractTarget): void {
  describe('comments', () => {
    const app = useApp(target);

    it("shows one post's comments live to its readers only, and the post's count to everyone", async () => {
      const ann = await app.signUp('Ann');
      const bob = await app.signUp('Bob');
      const post = await ann.api.posts.create.mutate({ body: 'Who has a spare litter picker?' });
      const other = await ann.api.posts.create.mutate({ body: 'Elsewhere' });
      const reader = app.anonymous();
      const { items, lastEventId } = await reader.comments.list.query({ postId: post.id });
      expect(items).toEqual([]);
      const thread = listen(reader.comments.onChange, { postId: post.id, lastEventId });
      const feed = listen(reader.posts.onChange, { lastEventId });
      try {
        await bob.api.comments.create.mutate({ postId: other.id, body: 'Not this one' });
        const comment = await bob.api.comments.create.mutate({ postId: post.id, body: 'I have two' });
        expect(comment).toMatchObject({
          postId: post.id,
          authorId: bob.user.id,
          authorName: 'Bob',
          body: 'I have two',
        });
        await bob.api.comments.delete.mutate({ id: comment.id });
        const events = (await thread.waitForCount(2)).map((r) => r.data);
        expect(events).toEqual([
          { topic: 'comments', type: 'created', id: comment.id, record: resultOf(comment) },
          { topic: 'comments', type: 'deleted', id: comment.id },
        ]);
        const counted = await feed.waitFor((e) => 'record' in e && e.id === post.id && e.record.commentCount === 1);
        expect(counted.data).not.toHaveProperty('record.likedByMe');
        await feed.waitFor((e, id) => Number(id) > Number(counted.id) && 'record' in e && e.id === post.id);
        expect(thread.data).toHaveLength(2);
      } finally {
        thread.close();
        feed.close();
      }
      expect((await reader.posts.list.query({})).items.find((p) => p.id === other.id)?.commentCount).toBe(1);
    });

    it("lists a post's comments oldest first, in pages", async () => {
      const cat = await app.signUp('Cat');
      const post = await cat.api.posts.create.mutate({ body: 'Paging' });
      for (const body of ['one', 'two', 'three']) await cat.api.comments.create.mutate({ postId: post.id, body });
      const first = await cat.api.comments.list.query({ postId: post.id, limit: 2 });
      expect(first.items.map((c) => c.body)).toEqual(['one', 'two']);
      const second = await cat.api.comments.list.query({ postId: post.id, limit: 2, cursor: first.nextCursor });
      expect(second.items.map((c) => c.body)).toEqual(['three']);
      expect(second.nextCursor).toBeNull();
    });

    it("deletes a post's comments with it, telling every open thread", async () => {
      const dan = await app.signUp('Dan');
      const eve = await app.signUp('Eve');
      const post = await dan.api.posts.create.mutate({ body: 'Going soon' });
      const comment = await eve.api.comments.create.mutate({ postId: post.id, body: 'Bye' });
      const { lastEventId } = await eve.api.comments.list.query({ postId: post.id });
      const thread = listen(app.anonymous().comments.onChange, { postId: post.id, lastEventId });
      try {
        await dan.api.posts.delete.mutate({ id: post.id });
        const [removed] = await thread.waitForCount(1);
        expect(removed?.data).toEqual({ topic: 'comments', type: 'deleted', id: comment.id });
      } finally {
        thread.close();
      }
      await expectTrpcError(eve.api.comments.list.query({ postId: post.id }), 'NOT_FOUND', new RegExp(post.id));
      await expectTrpcError(eve.api.comments.delete.mutate({ id: comment.id }), 'NOT_FOUND', new RegExp(comment.id));
    });

    it("notifies the post's author of someone else's comment, not of their own", async () => {
      const fay = await app.signUp('Fay');
      const gus = await app.signUp('Gus');
      const post = await fay.api.posts.create.mutate({ body: 'Bulbs planted' });
      const before = (await fay.api.notifications.list.query()).items.length;
      await fay.api.comments.create.mutate({ postId: post.id, body: 'More next week' });
      await gus.api.comments.create.mutate({ postId: post.id, body: 'Looks lovely' });
      const inbox = (await fay.api.notifications.list.query()).items;
      expect(inbox).toHaveLength(before + 1);
      expect(inbox[0]?.message).toBe('Gus commented on your post: "Looks lovely"');
    });

    it('lets only the author or an admin delete a comment, and refuses bad input, changing nothing', async () => {
      const hal = await app.signUp('Hal');
      const ivy = await app.signUp('Ivy');
      const post = await hal.api.posts.create.mutate({ body: 'Bounds' });
      const comment = await hal.api.comments.create.mutate({ postId: post.id, body: 'Mine' });
      await expectDatabaseUnchanged(ivy.api, async () => {
        await expectTrpcError(ivy.api.comments.delete.mutate({ id: comment.id }), 'FORBIDDEN', /author or an admin/);
        const anonymous = app.anonymous();
        await expectTrpcError(anonymous.comments.create.mutate({ postId: post.id, body: 'hi' }), 'UNAUTHORIZED');
        await expectTrpcError(ivy.api.comments.create.mutate({ postId: post.id, body: '  ' }), 'BAD_REQUEST', /body/);
        const long = 'x'.repeat(1001);
        await expectTrpcError(ivy.api.comments.create.mutate({ postId: post.id, body: long }), 'BAD_REQUEST', /body/);
        await expectTrpcError(
          ivy.api.comments.create.mutate({ postId: 'no-such-post', body: 'hello' }),
          'NOT_FOUND',
          /No post with id "no-such-post"/,
        );
        await expectTrpcError(ivy.api.comments.list.query({ postId: '' }), 'BAD_REQUEST', /postId/);
        await expectTrpcError(ivy.api.comments.list.query({ postId: post.id, limit: 101 }), 'BAD_REQUEST', /limit/);
      });
      await app.admin().api.comments.delete.mutate({ id: comment.id });
      expect((await hal.api.comments.list.query({ postId: post.id })).items).toEqual([]);
    });
  });
}
