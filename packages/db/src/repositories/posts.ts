import type { Kysely } from 'kysely';
import type { Database, Post } from '../database.ts';
import { afterCursor, type SortOrder, sortedBy } from '../sort-order.ts';

export interface PostRow extends Post {
  authorName: string;
  commentCount: number | string | bigint;
}

function selectPosts(db: Kysely<Database>) {
  return (
    db
      .selectFrom('posts')
      .innerJoin('users', 'users.id', 'posts.authorId')
      .selectAll('posts')
      .select('users.name as authorName')
      // A hidden post is gone for every reader: one place, so no list or lookup can show it by mistake.
      .where('posts.hiddenReason', 'is', null)
      .select((eb) =>
        eb
          .selectFrom('comments')
          .whereRef('comments.postId', '=', 'posts.id')
          .where('comments.hiddenReason', 'is', null)
          .select(eb.fn.countAll<number | string | bigint>().as('n'))
          .$asScalar()
          .$notNull()
          .as('commentCount'),
      )
  );
}

export async function insertPost(db: Kysely<Database>, post: Omit<Post, 'likes' | 'hiddenReason'>): Promise<void> {
  await db.insertInto('posts').values(post).execute();
}

export async function findPost(db: Kysely<Database>, id: string): Promise<PostRow | undefined> {
  return selectPosts(db).where('posts.id', '=', id).executeTakeFirst();
}

/** The last row of the previous page: its id and the fields of the order. */
export type PostPageCursor = Partial<Post> & { id: string };

/** One page in `order`; the cursor is the last row of the previous page. */
export async function listPosts(
  db: Kysely<Database>,
  order: SortOrder<keyof Post & string>,
  limit: number,
  cursor?: PostPageCursor,
): Promise<PostRow[]> {
  const query = sortedBy(selectPosts(db), 'posts', order).limit(limit);
  return (cursor ? afterCursor(query, 'posts', order, cursor) : query).execute();
}

/** Records a like once per person; returns false when they had already liked it. */
export async function likePost(db: Kysely<Database>, postId: string, userId: string): Promise<boolean> {
  const result = await db
    .insertInto('postLikes')
    .values({ postId, userId })
    .onConflict((oc) => oc.columns(['postId', 'userId']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db
    .updateTable('posts')
    .set((eb) => ({ likes: eb('likes', '+', 1) }))
    .where('id', '=', postId)
    .execute();
  return true;
}

/** Takes back a like; returns false when they had not liked it. */
export async function unlikePost(db: Kysely<Database>, postId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('postLikes')
    .where('postId', '=', postId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await db
    .updateTable('posts')
    .set((eb) => ({ likes: eb('likes', '-', 1) }))
    .where('id', '=', postId)
    .execute();
  return true;
}

/** Which of these posts the user has liked. */
export async function likedPostIds(
  db: Kysely<Database>,
  userId: string,
  postIds: readonly string[],
): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('postLikes')
    .select('postId')
    .where('userId', '=', userId)
    .where('postId', 'in', postIds)
    .execute();
  return new Set(rows.map((row) => row.postId));
}

export async function deletePost(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).execute();
}
