import {
  type CommentRow,
  deleteComment,
  findComment,
  findPost,
  hideRow,
  insertComment,
  listComments,
  lockRow,
} from '@adopt/db';
import type { Viewer } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { commitChanges, readSnapshot, type Tx } from '../live/commit.ts';
import type { CommentRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { comments } from '../topics/comments.ts';
import { toCommentRecord } from './comment-record.ts';
import { newId, nowIso } from './ids.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import { emitPostUpdated } from './posts.ts';
import { notify } from './rewards.ts';

const EXCERPT_LENGTH = 60;

/** The start of a text, to quote it in a notification. */
export function excerpt(body: string): string {
  return body.length > EXCERPT_LENGTH ? `${body.slice(0, EXCERPT_LENGTH - 1)}…` : body;
}

/** One post's comments, oldest first; a missing post is NOT_FOUND rather than an empty list. */
export async function listPostComments(
  services: Services,
  input: { postId: string; cursor?: string | undefined; limit: number },
) {
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  const { value: rows, lastEventId } = await readSnapshot(services, async (db) => {
    if (!(await findPost(db, input.postId))) throw notFound('post', input.postId);
    return listComments(db, input.postId, comments.order, input.limit + 1, cursor);
  });
  return { ...toPage(rows.map(toCommentRecord), input.limit), lastEventId };
}

/** Adds the comment, the post's new count and, for someone else's post, a notification to its author. */
export async function createComment(
  services: Services,
  viewer: Viewer,
  input: { postId: string; body: string },
): Promise<CommentRecord> {
  return commitChanges(services, async (tx) => {
    // The post's comment count changes: its row is locked first, as every write to its comments does.
    await lockRow(tx.db, 'posts', input.postId);
    const post = await findPost(tx.db, input.postId);
    if (!post) throw notFound('post', input.postId);
    const id = newId();
    await insertComment(tx.db, { id, postId: post.id, authorId: viewer.id, body: input.body, createdAt: nowIso() });
    const row = await findComment(tx.db, id);
    if (!row) throw notFound('comment', id);
    const record = toCommentRecord(row);
    await tx.emit({ topic: 'comments', type: 'created', id, record });
    await emitPostUpdated(tx, post.id, viewer);
    if (post.authorId !== viewer.id) {
      await notify(tx, post.authorId, `${viewer.name} commented on your post: "${excerpt(input.body)}"`, {
        kind: 'post',
        id: post.id,
      });
    }
    return record;
  });
}

/** The comment, read again once its post's row is locked (a write that got there first may have removed it). */
async function findCommentForWrite(tx: Tx, id: string): Promise<CommentRow | undefined> {
  const found = await findComment(tx.db, id);
  if (!found) return undefined;
  await lockRow(tx.db, 'posts', found.postId);
  return findComment(tx.db, id);
}

export async function removeComment(services: Services, viewer: Viewer, id: string): Promise<{ id: string }> {
  return commitChanges(services, async (tx) => {
    const row = await findCommentForWrite(tx, id);
    if (!row) throw notFound('comment', id);
    if (row.authorId !== viewer.id && viewer.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the author or an admin can delete this comment.');
    }
    await deleteComment(tx.db, id);
    await tx.emit({ topic: 'comments', type: 'deleted', id }, toCommentRecord(row));
    await emitPostUpdated(tx, row.postId, viewer);
    return { id };
  });
}

/** An admin hides the comment: it leaves every open thread and the post's count drops; returns it as it was. */
export async function hideComment(tx: Tx, viewer: Viewer, id: string, reason: string): Promise<CommentRecord> {
  const row = await findCommentForWrite(tx, id);
  if (!row || !(await hideRow(tx.db, 'comments', id, reason))) throw notFound('comment', id);
  const record = toCommentRecord(row);
  await tx.emit({ topic: 'comments', type: 'deleted', id }, record);
  await emitPostUpdated(tx, row.postId, viewer);
  return record;
}
