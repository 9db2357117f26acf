import type { CommentRow } from '@adopt/db';
import type { CommentRecord } from '../records.ts';

export function toCommentRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    postId: row.postId,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    createdAt: row.createdAt,
  };
}
