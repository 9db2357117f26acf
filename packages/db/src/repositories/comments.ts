import type { Kysely } from 'kysely';
import type { Comment, Database } from '../database.ts';
import { afterCursor, type SortOrder, sortedBy } from '../sort-order.ts';

export interface CommentRow extends Comment {
  authorName: string;
}

function selectComments(db: Kysely<Database>) {
  return db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.authorId')
    .selectAll('comments')
    .select('users.name as authorName')
    .where('comments.hiddenReason', 'is', null);
}

export async function insertComment(db: Kysely<Database>, comment: Omit<Comment, 'hiddenReason'>): Promise<void> {
  await db.insertInto('comments').values(comment).execute();
}

export async function findComment(db: Kysely<Database>, id: string): Promise<CommentRow | undefined> {
  return selectComments(db).where('comments.id', '=', id).executeTakeFirst();
}

/** One page of a post's comments in `order`; the cursor is the last row of the previous page. */
export async function listComments(
  db: Kysely<Database>,
  postId: string,
  order: SortOrder<keyof Comment & string>,
  limit: number,
  cursor?: Partial<Comment> & { id: string },
): Promise<CommentRow[]> {
  const query = sortedBy(selectComments(db).where('comments.postId', '=', postId), 'comments', order).limit(limit);
  return (cursor ? afterCursor(query, 'comments', order, cursor) : query).execute();
}

/** Every comment of a post, as a deletion of the post must announce each one's removal. */
export async function listAllComments(db: Kysely<Database>, postId: string): Promise<CommentRow[]> {
  return selectComments(db).where('comments.postId', '=', postId).execute();
}

export async function deleteComment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('comments').where('id', '=', id).execute();
}

export async function deleteCommentsOfPost(db: Kysely<Database>, postId: string): Promise<void> {
  await db.deleteFrom('comments').where('postId', '=', postId).execute();
}
