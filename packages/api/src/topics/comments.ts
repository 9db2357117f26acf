import type { CommentRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Comments on a post, oldest first; each list and scoped subscription holds one post's comments. */
export const comments = defineTopic<CommentRecord>()('comments', {
  list: 'comments.list',
  order: [['createdAt', 'asc']],
  limit: { default: 50, max: 100 },
  scope: ['postId'],
  audience: () => ({ everyone: true }),
});
