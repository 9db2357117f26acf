import { type SelectQueryBuilder, sql } from 'kysely';

/** Rows whose `field` equals `equals` are seen only by admins and the user named in `userField` (the topic's rule). */
export interface RowRestriction {
  field: string;
  equals: unknown;
  userField: string;
}

export interface ReaderRights {
  userId: string | null;
  role: 'member' | 'admin' | null;
}

const column = (table: string, field: string) => sql.ref(`${table}.${field}`);

/** Only the rows of `table` that `reader` may see under `restriction`: the caller's topic definition says what it is. */
export function visibleTo<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  table: string,
  { field, equals, userField }: RowRestriction,
  { userId, role }: ReaderRights,
): SelectQueryBuilder<DB, TB, O> {
  if (role === 'admin') return query;
  const unrestricted = sql<boolean>`${column(table, field)} <> ${equals}`;
  if (userId === null) return query.where(unrestricted);
  return query.where(sql<boolean>`(${unrestricted} or ${column(table, userField)} = ${userId})`);
}
