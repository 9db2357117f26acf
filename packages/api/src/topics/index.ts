// `@adopt/api/topics`: every topic, defined once. The one module of the API the web app may import values from.
import { announcements } from './announcements.ts';
import { comments } from './comments.ts';
import type { TopicDefinition } from './define.ts';
import { events } from './events.ts';
import { jobs } from './jobs.ts';
import { leaderboard } from './leaderboard.ts';
import { notifications } from './notifications.ts';
import { posts } from './posts.ts';
import { presence } from './presence.ts';
import { rewards } from './rewards.ts';
import { stats } from './stats.ts';
import { streets } from './streets.ts';
import { tasks } from './tasks.ts';
import { users } from './users.ts';

export const TOPIC_DEFINITIONS = {
  posts,
  events,
  tasks,
  streets,
  notifications,
  rewards,
  leaderboard,
  jobs,
  announcements,
  comments,
  presence,
  users,
  stats,
} as const;

type Definitions = typeof TOPIC_DEFINITIONS;
export type Topic = keyof Definitions;

export type TopicRecords = {
  [K in Topic]: Definitions[K] extends TopicDefinition<K, infer R, any> ? R : never;
};

/** What a topic's audience rule reads: for a deletion, the record as it last was. */
export type AudienceInput<T extends Topic> = Parameters<Definitions[T]['audience']>[0];

/** The input fields a topic's lists and subscriptions are scoped by (never, for an unscoped topic). */
export type ScopeField<T extends Topic> =
  Definitions[T] extends TopicDefinition<T, any, any, any, any, readonly (infer F extends string)[]> ? F : never;

/** The fields of a topic's record that differ per viewer, left out of its live events. */
export type PerViewerField<T extends Topic> =
  Definitions[T] extends TopicDefinition<T, any, any, any, any, any, readonly (infer F extends string)[]> ? F : never;

/** A record as a live event carries it to every viewer: without its per-viewer fields. */
export type LiveRecords = { [K in Topic]: Omit<TopicRecords[K], PerViewerField<K>> };

/** What a deletion must say of the record as it last was: whatever its audience rule and its scope read. */
export type LastRecord<T extends Topic> = AudienceInput<T> &
  Pick<TopicRecords[T], ScopeField<T> & keyof TopicRecords[T]>;

export const TOPICS = Object.keys(TOPIC_DEFINITIONS) as [Topic, ...Topic[]];

/** A topic's definition, with its record type, for code generic over topics. */
export function topicDefinition<T extends Topic>(topic: T): TopicDefinition<T, TopicRecords[T], AudienceInput<T>> {
  return TOPIC_DEFINITIONS[topic] as unknown as TopicDefinition<T, TopicRecords[T], AudienceInput<T>>;
}

export type { Audience, Direction, SortOrder, TieBrokenOrder, TopicDefinition } from './define.ts';
export { comparatorOf } from './define.ts';
