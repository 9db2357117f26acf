import { type SelectQueryBuilder, sql } from 'kysely';

export type SortDirection = 'asc' | 'desc';

/** A list's order as data, most significant field first, ending with a unique field (the id) so it is total. */
export type SortOrder<F extends string = string> = readonly (readonly [F, SortDirection])[];

const column = (table: string, field: string) => sql.ref(`${table}.${field}`);

/** Sorts `query` by `order` on `table`'s columns: the caller's topic definition says what the order is. */
export function sortedBy<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  table: string,
  order: SortOrder,
): SelectQueryBuilder<DB, TB, O> {
  let sorted = query;
  for (const [field, direction] of order) sorted = sorted.orderBy(column(table, field), direction);
  return sorted;
}

/** Rows strictly after `cursor` in `order`: the keyset condition of a paged list. */
export function afterCursor<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  table: string,
  order: SortOrder,
  cursor: Record<string, unknown>,
): SelectQueryBuilder<DB, TB, O> {
  // (k1 beyond c1) or (k1 = c1 and k2 beyond c2) or ...
  const branches = order.map(([field, direction], i) => {
    const equalBefore = order.slice(0, i).map(([f]) => sql`${column(table, f)} = ${cursor[f]}`);
    const op = direction === 'desc' ? sql`<` : sql`>`;
    return sql`(${sql.join([...equalBefore, sql`${column(table, field)} ${op} ${cursor[field]}`], sql` and `)})`;
  });
  return query.where(sql<boolean>`(${sql.join(branches, sql` or `)})`);
}
