import type { PostRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** The social feed, newest first. */
export const posts = defineTopic<PostRecord>()('posts', {
  list: 'posts.list',
  order: [['createdAt', 'desc']],
  limit: { default: 20, max: 100 },
  audience: () => ({ everyone: true }),
});
