import type { PostRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** The social feed, newest first. A like or comment count changes live; whether I liked it is mine alone. */
export const posts = defineTopic<PostRecord>()('posts', {
  list: 'posts.list',
  order: [['createdAt', 'desc']],
  limit: { default: 20, max: 100 },
  perViewer: ['likedByMe'],
  audience: () => ({ everyone: true }),
});
