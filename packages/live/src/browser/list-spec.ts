import type { Query } from '@tanstack/query-core';

/** How one list query follows its topic: the server's order, its row limit, the fields it is scoped by. */
export interface ListSpec<Row = any, T extends string = string> {
  topic: T;
  /** The server's order, ties broken as the server breaks them. */
  compare(a: Row, b: Row): number;
  /** The most rows the query loads, from its input; a top-N list is cut back to it, a paged one grows live. */
  limit?: (input: unknown) => number;
  /** Input fields the list is scoped by: it holds only records whose fields equal them. */
  scope: readonly string[];
  /**
   * Input fields the server filters by a rule only it applies (a name search): a list with one of them set
   * is fetched again on a change to its topic rather than patched, so it never gains a row that does not match.
   */
  filteredBy?: readonly string[];
}

/** The app's list queries by their tRPC path (`posts.list`): each returns `{ items, lastEventId }`. */
export type ListSpecs = ReadonlyMap<string, ListSpec>;

/** Whether a record belongs in a list with this input: scoped lists hold only their own records. */
export function inScope(spec: ListSpec, input: unknown, record: object): boolean {
  const wanted = (input ?? {}) as Record<string, unknown>;
  return spec.scope.every(
    (field) => wanted[field] === undefined || (record as Record<string, unknown>)[field] === wanted[field],
  );
}

/** Whether this input filters the list by a rule the client cannot check, so live changes mean a refetch. */
export function filteredOnServer(spec: ListSpec, input: unknown): boolean {
  const given = (input ?? {}) as Record<string, unknown>;
  return (spec.filteredBy ?? []).some((field) => given[field] !== undefined && given[field] !== '');
}

/** A tRPC query key is `[path[], { input?, type? }]`. */
export function queryPath(query: Pick<Query, 'queryKey'>): string | undefined {
  const path = query.queryKey[0];
  return Array.isArray(path) ? path.join('.') : undefined;
}

export function queryInput(query: Pick<Query, 'queryKey'>): unknown {
  return (query.queryKey[1] as { input?: unknown } | undefined)?.input;
}
