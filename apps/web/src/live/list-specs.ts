import type { RouterOutputs } from '@adopt/api';
import { comparatorOf, TOPIC_DEFINITIONS, TOPICS, type Topic, type TopicRecords } from '@adopt/api/topics';
import type { Query } from '@tanstack/react-query';

/** How one list query follows its topic, derived from the topic's definition: order, limit, scope. */
export interface ListSpec<T extends Topic = Topic> {
  topic: T;
  /** The server's order, ties broken by id as the SQL breaks them. */
  compare(a: TopicRecords[T], b: TopicRecords[T]): number;
  /** The most rows the query shows, from its input; more after an upsert are cut off. */
  limit?: (input: unknown) => number;
  /** Input fields the list is scoped by: it holds only records whose fields equal them. */
  scope: readonly string[];
}

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
    ...(bounds && {
      limit: (input: unknown) => {
        const limit = (input as { limit?: unknown } | undefined)?.limit;
        return typeof limit === 'number' ? limit : bounds.default;
      },
    }),
  };
}

/** Every query that returns `{ items, lastEventId }`, by its tRPC path. */
const LIST_SPECS = new Map<string, ListSpec>(
  TOPICS.map((topic) => [TOPIC_DEFINITIONS[topic].list, specOfTopic(topic) as unknown as ListSpec]),
);

/** The spec of a topic's list, for code that names the topic. */
export function listSpec<T extends Topic>(topic: T): ListSpec<T> {
  return LIST_SPECS.get(TOPIC_DEFINITIONS[topic].list) as unknown as ListSpec<T>;
}

/** Whether a record belongs in a list with this input: scoped lists hold only their own records. */
export function inScope(spec: ListSpec, input: unknown, record: object): boolean {
  const wanted = (input ?? {}) as Record<string, unknown>;
  return spec.scope.every(
    (field) => wanted[field] === undefined || (record as Record<string, unknown>)[field] === wanted[field],
  );
}

/** A tRPC query key is `[path[], { input?, type? }]`. */
export function queryPath(query: Pick<Query, 'queryKey'>): string | undefined {
  const path = query.queryKey[0];
  return Array.isArray(path) ? path.join('.') : undefined;
}

export function queryInput(query: Pick<Query, 'queryKey'>): unknown {
  return (query.queryKey[1] as { input?: unknown } | undefined)?.input;
}

export function specOf(query: Pick<Query, 'queryKey'>): ListSpec | undefined {
  const path = queryPath(query);
  return path ? LIST_SPECS.get(path) : undefined;
}
