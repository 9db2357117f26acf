import type { Kysely } from 'kysely';
import type { Database, Post } from '../database.ts';
import { afterCursor, type SortOrder, sortedBy } from '../sort-order.ts';

export interface PostRow extends Post {
  authorName: string;
}

function selectPosts(db: Kysely<Database>) {
  return db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.authorId')
    .selectAll('posts')
    .select('users.name as authorName');
}

export async function insertPost(db: Kysely<Database>, post: Omit<Post, 'likes'>): Promise<void> {
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

export async function deletePost(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).execute();
}
