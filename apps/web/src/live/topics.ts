import type { Topic } from '@adopt/api';

/** Every topic the app follows over its one stream. Listed here because the web app imports only types. */
export const LIVE_TOPICS = [
  'posts',
  'events',
  'tasks',
  'streets',
  'notifications',
  'rewards',
  'leaderboard',
  'jobs',
  'announcements',
] as const satisfies readonly Topic[];

// Fails to compile when the API gains a topic this list does not follow.
type Unfollowed = Exclude<Topic, (typeof LIVE_TOPICS)[number]>;
export const followsEveryTopic: [Unfollowed] extends [never] ? true : Unfollowed = true;
