// The whole of what a topic file may use besides types: this module ships to the browser too.

/** Who may receive an event. Combinations add up: `{ admins: true, users: [organiserId] }`. */
export interface Audience {
  everyone?: true;
  /** Anyone signed in. */
  members?: true;
  admins?: true;
  users?: string[];
}

export type Direction = 'asc' | 'desc';

/** A list's order, most significant field first; `defineTopic` adds the id that breaks ties. */
export type SortOrder<R> = readonly (readonly [Exclude<keyof R & string, 'id'>, Direction])[];

type ListPath = `${string}.${string}`;

type ScopeFields<R> = readonly (keyof R & string)[];

export interface TopicSpec<
  R extends { id: string },
  A,
  O extends SortOrder<R> = SortOrder<R>,
  L extends ListPath = ListPath,
  S extends ScopeFields<R> = ScopeFields<R>,
  P extends ScopeFields<R> = ScopeFields<R>,
> {
  /** The tRPC path of the query whose items are this topic's records, in `order`. */
  list: L;
  order: O;
  /** Lists that take a `limit` input: its default and bound, on the server and in the client's cache. */
  limit?: { default: number; max: number };
  /** Input fields a scoped list filters by (e.g. `postId`): such a list holds only records that match them. */
  scope?: S;
  /** Input fields the list query filters by a rule only the server applies (a search): see ListSpec.filteredBy. */
  filteredBy?: readonly string[];
  /**
   * Fields whose value depends on who asks (a post's `likedByMe`). A live event goes to many viewers, so it
   * leaves them out; a client keeps its own value from the list or mutation that gave it.
   */
  perViewer?: P;
  /** Who hears of a change to this record; for a deletion it is given the record as it last was. */
  audience(record: A): Audience;
}

/** A full order: the definition's fields, then the id that breaks ties. */
export type TieBrokenOrder<R, O extends SortOrder<R>> = readonly [...O, readonly ['id', Direction]];

export interface TopicDefinition<
  N extends string,
  R extends { id: string },
  A = R,
  O extends SortOrder<R> = SortOrder<R>,
  L extends ListPath = ListPath,
  S extends ScopeFields<R> = ScopeFields<R>,
  P extends ScopeFields<R> = ScopeFields<R>,
> extends Omit<TopicSpec<R, A, O, L, S, P>, 'order'> {
  name: N;
  /** What the SQL sorts by and the client compares by: the same list, so the two orders cannot differ. */
  order: TieBrokenOrder<R, O>;
  /** Type-only: the record this topic's events carry. */
  readonly record?: R;
}

/** `defineTopic<PostRecord>()('posts', { ... })`: the record is named, the rest is inferred. */
export function defineTopic<R extends { id: string }>() {
  return <
    const N extends string,
    const O extends SortOrder<R>,
    const L extends ListPath,
    A = R,
    const S extends ScopeFields<R> = readonly [],
    const P extends ScopeFields<R> = readonly [],
  >(
    name: N,
    spec: TopicSpec<R, A, O, L, S, P> & ([R] extends [A] ? unknown : never),
  ): TopicDefinition<N, R, A, O, L, S, P> => {
    // The id breaks ties in the last field's direction, so a newest-first list stays newest-first on ties.
    const order = [...spec.order, ['id', spec.order.at(-1)?.[1] ?? 'asc']] as unknown as TieBrokenOrder<R, O>;
    return { ...spec, name, order };
  };
}

/** Code-point order, as the database sorts text: the client's order matches a fresh snapshot's. */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The comparator for a full order (a definition's `order`), as the server's SQL applies it. */
export function comparatorOf<R>(order: readonly (readonly [string, Direction])[]): (a: R, b: R) => number {
  return (a, b) => {
    for (const [field, direction] of order) {
      const c = compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
      if (c !== 0) return direction === 'asc' ? c : -c;
    }
    return 0;
  };
}

/**
 * An audience rule as data: records whose `field` equals `equals` reach only the admins and the user named in
 * `userField`; all others reach everyone. The bus reads it through `restrictedAudience`, lists filter by it in SQL.
 */
export interface Restriction<R, F extends keyof R & string, U extends keyof R & string> {
  field: F;
  equals: R[F];
  userField: U;
}

/** The audience rule a restriction stands for. */
export function restrictedAudience<R, F extends keyof R & string, U extends keyof R & string>(
  restriction: Restriction<R, F, U>,
) {
  return (record: Pick<R, F | U>): Audience =>
    record[restriction.field] === restriction.equals
      ? { admins: true, users: [String(record[restriction.userField])] }
      : { everyone: true };
}
