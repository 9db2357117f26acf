import type { RouterOutputs } from '@adopt/api';
import { comparatorOf, TOPIC_DEFINITIONS, TOPICS, type Topic, type TopicRecords } from '@adopt/api/topics';
import type { ListSpecs, ListSpec as LiveListSpec } from '@adopt/live/browser';

/** How one list query follows its topic, derived from the topic's definition: order, limit, scope. */
export type ListSpec<T extends Topic = Topic> = LiveListSpec<TopicRecords[T], T>;

type ListPath<T extends Topic> = (typeof TOPIC_DEFINITIONS)[T]['list'];
type ItemsOf<P> = P extends `${infer R}.${infer Q}`
  ? R extends keyof RouterOutputs
    ? Q extends keyof RouterOutputs[R]
      ? RouterOutputs[R][Q] extends { items: (infer I)[] }
        ? I
        : never
      : never
    : never
  : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when a topic's list path names no list query or one whose items are not the topic's records.
type Mismatched = { [T in Topic]: Same<ItemsOf<ListPath<T>>, TopicRecords[T]> extends true ? never : T }[Topic];
export const listsMatchRouter: [Mismatched] extends [never] ? true : Mismatched = true;

function specOfTopic<T extends Topic>(topic: T): ListSpec<T> {
  const definition = TOPIC_DEFINITIONS[topic];
  const bounds = definition.limit;
  return {
    topic,
    compare: comparatorOf(definition.order as never),
    scope: definition.scope ?? [],
    filteredBy: definition.filteredBy ?? [],
    ...(bounds && {
      limit: (input: unknown) => {
        const limit = (input as { limit?: unknown } | undefined)?.limit;
        return typeof limit === 'number' ? limit : bounds.default;
      },
    }),
  };
}

/** Every query that returns `{ items, lastEventId }`, by its tRPC path: what the live cache keeps in step. */
export const LIST_SPECS: ListSpecs = new Map<string, LiveListSpec>(
  TOPICS.map((topic) => [TOPIC_DEFINITIONS[topic].list, specOfTopic(topic) as unknown as LiveListSpec]),
);

/** The spec of a topic's list, for code that names the topic. */
export function listSpec<T extends Topic>(topic: T): ListSpec<T> {
  return LIST_SPECS.get(TOPIC_DEFINITIONS[topic].list) as unknown as ListSpec<T>;
}
