import { deletePost, findPost, insertPost, likePost, listPosts, type PostRow } from '@adopt/db';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { commitChanges, readSnapshot } from '../live/commit.ts';
import type { PostRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { posts } from '../topics/posts.ts';
import { newId, nowIso } from './ids.ts';
import { awardPoints } from './rewards.ts';

export const POINTS_FOR_POST = 1;

function toPostRecord(row: PostRow): PostRecord {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    likes: Number(row.likes),
    createdAt: row.createdAt,
  };
}

function encodeCursor(row: PostRecord): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // Fall through to the error below.
  }
  throw new AppError('BAD_REQUEST', 'cursor: not a cursor this server handed out. Start again without one.');
}

export async function listFeed(services: Services, input: { cursor?: string | undefined; limit: number }) {
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  const { value: rows, lastEventId } = await readSnapshot(services, (db) =>
    listPosts(db, posts.order, input.limit + 1, cursor),
  );
  const items = rows.slice(0, input.limit).map(toPostRecord);
  const last = items.at(-1);
  const nextCursor = rows.length > input.limit && last ? encodeCursor(last) : null;
  return { items, nextCursor, lastEventId };
}

export async function createPost(services: Services, viewer: Viewer, body: string): Promise<PostRecord> {
  return commitChanges(services, async (tx) => {
    const id = newId();
    await insertPost(tx.db, { id, authorId: viewer.id, body, createdAt: nowIso() });
    const row = await findPost(tx.db, id);
    if (!row) throw notFound('post', id);
    const record = toPostRecord(row);
    await tx.emit({ topic: 'posts', type: 'created', id, record });
    await awardPoints(tx, { userId: viewer.id, points: POINTS_FOR_POST, reason: 'Posted to the feed' });
    await awardPoints(tx, {
      userId: viewer.id,
      points: 5,
      reason: 'Wrote a first post',
      badge: 'First post',
      once: true,
    });
    return record;
  });
}

export async function like(services: Services, viewer: Viewer, id: string): Promise<PostRecord> {
  return commitChanges(services, async (tx) => {
    const before = await findPost(tx.db, id);
    if (!before) throw notFound('post', id);
    if (!(await likePost(tx.db, id, viewer.id))) return toPostRecord(before);
    const record = { ...toPostRecord(before), likes: Number(before.likes) + 1 };
    await tx.emit({ topic: 'posts', type: 'updated', id, record });
    return record;
  });
}

export async function removePost(services: Services, viewer: Viewer, id: string): Promise<{ id: string }> {
  return commitChanges(services, async (tx) => {
    const post = await findPost(tx.db, id);
    if (!post) throw notFound('post', id);
    if (post.authorId !== viewer.id && viewer.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the author or an admin can delete this post.');
    }
    await deletePost(tx.db, id);
    await tx.emit({ topic: 'posts', type: 'deleted', id }, post);
    return { id };
  });
}
