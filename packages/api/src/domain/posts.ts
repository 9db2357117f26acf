import {
  type Database,
  deleteCommentsOfPost,
  deletePost,
  findPost,
  hideRow,
  insertPost,
  likedPostIds,
  likePost,
  listAllComments,
  listPosts,
  lockRow,
  type PostRow,
  unlikePost,
} from '@adopt/db';
import type { Kysely } from 'kysely';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { commitChanges, readSnapshot, type Tx } from '../live/commit.ts';
import type { PostRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { posts } from '../topics/posts.ts';
import { toCommentRecord } from './comment-record.ts';
import { newId, nowIso } from './ids.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import { awardPoints } from './rewards.ts';

export const POINTS_FOR_POST = 1;

function toPostRecord(row: PostRow, likedByMe: boolean): PostRecord {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    likes: Number(row.likes),
    commentCount: Number(row.commentCount),
    likedByMe,
    createdAt: row.createdAt,
  };
}

export async function listFeed(
  services: Services,
  viewer: Viewer | null,
  input: { cursor?: string | undefined; limit: number },
) {
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  const { value, lastEventId } = await readSnapshot(services, async (db) => {
    const rows = await listPosts(db, posts.order, input.limit + 1, cursor);
    const liked = viewer
      ? await likedPostIds(
          db,
          viewer.id,
          rows.map((row) => row.id),
        )
      : new Set<string>();
    return { rows, liked };
  });
  const records = value.rows.map((row) => toPostRecord(row, value.liked.has(row.id)));
  return { ...toPage(records, input.limit), lastEventId };
}

/** The post as it now is, for `viewer`; NOT_FOUND names it when it is gone. */
async function currentPost(db: Kysely<Database>, id: string, viewer: Viewer): Promise<PostRecord> {
  const row = await findPost(db, id);
  if (!row) throw notFound('post', id);
  return toPostRecord(row, (await likedPostIds(db, viewer.id, [id])).has(id));
}

/**
 * Tells every feed that a post changed (its likes or comment count); returns it as `viewer` sees it.
 * The caller holds the post's row lock (see lockRow), so the counts are those this commit leaves.
 */
export async function emitPostUpdated(tx: Tx, id: string, viewer: Viewer): Promise<PostRecord> {
  const record = await currentPost(tx.db, id, viewer);
  await tx.emit({ topic: 'posts', type: 'updated', id, record });
  return record;
}

export async function createPost(services: Services, viewer: Viewer, body: string): Promise<PostRecord> {
  return commitChanges(services, async (tx) => {
    const id = newId();
    await insertPost(tx.db, { id, authorId: viewer.id, body, createdAt: nowIso() });
    const record = await currentPost(tx.db, id, viewer);
    await tx.emit({ topic: 'posts', type: 'created', id, record });
    const subject = { kind: 'post', id } as const;
    await awardPoints(tx, { userId: viewer.id, points: POINTS_FOR_POST, reason: 'Posted to the feed', subject });
    await awardPoints(tx, {
      userId: viewer.id,
      points: 5,
      reason: 'Wrote a first post',
      subject,
      badge: 'First post',
      once: true,
    });
    return record;
  });
}

/** Likes (or with `liked: false` takes back the like); doing it twice changes nothing the second time. */
export async function setLike(services: Services, viewer: Viewer, id: string, liked: boolean): Promise<PostRecord> {
  return commitChanges(services, async (tx) => {
    await lockRow(tx.db, 'posts', id);
    const before = await currentPost(tx.db, id, viewer);
    const changed = liked ? await likePost(tx.db, id, viewer.id) : await unlikePost(tx.db, id, viewer.id);
    return changed ? emitPostUpdated(tx, id, viewer) : before;
  });
}

/** Deletes the post and its comments, each with its live event, in one transaction. */
export async function removePost(services: Services, viewer: Viewer, id: string): Promise<{ id: string }> {
  return commitChanges(services, async (tx) => {
    await lockRow(tx.db, 'posts', id);
    const post = await findPost(tx.db, id);
    if (!post) throw notFound('post', id);
    if (post.authorId !== viewer.id && viewer.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the author or an admin can delete this post.');
    }
    const comments = await listAllComments(tx.db, id);
    await deleteCommentsOfPost(tx.db, id);
    await deletePost(tx.db, id);
    for (const comment of comments) {
      await tx.emit({ topic: 'comments', type: 'deleted', id: comment.id }, toCommentRecord(comment));
    }
    await tx.emit({ topic: 'posts', type: 'deleted', id }, toPostRecord(post, false));
    return { id };
  });
}

/** An admin hides the post: it leaves every open feed at once; returns it as it was, for telling its author. */
export async function hidePost(tx: Tx, id: string, reason: string): Promise<PostRecord> {
  await lockRow(tx.db, 'posts', id);
  const post = await findPost(tx.db, id);
  if (!post || !(await hideRow(tx.db, 'posts', id, reason))) throw notFound('post', id);
  const record = toPostRecord(post, false);
  await tx.emit({ topic: 'posts', type: 'deleted', id }, record);
  return record;
}
