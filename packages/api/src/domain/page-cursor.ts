import { AppError } from '../errors.ts';

/** The order fields a cursor remembers; lists ordered by creation time use the default. */
type CursorFields = readonly [string, 'id'];

const BY_CREATION: CursorFields = ['createdAt', 'id'];

/** A paged list's cursor: the order fields of the last row handed out, opaque to the client. */
export function encodeCursor(row: Record<string, unknown>, fields: CursorFields = BY_CREATION): string {
  return Buffer.from(JSON.stringify(fields.map((field) => row[field]))).toString('base64url');
}

export function decodeCursor<F extends string = 'createdAt'>(
  cursor: string,
  fields: readonly [F, 'id'] = BY_CREATION as readonly [F, 'id'],
): Record<F | 'id', string> {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(values) && values.length === fields.length && values.every((v) => typeof v === 'string')) {
      return Object.fromEntries(fields.map((field, i) => [field, values[i]])) as Record<F | 'id', string>;
    }
  } catch {
    // Fall through to the error below.
  }
  throw new AppError('BAD_REQUEST', 'cursor: not a cursor this server handed out. Start again without one.');
}

/** The page of `limit` from `limit + 1` rows read, and the cursor of the next page if there is one. */
export function toPage<T extends { id: string }>(rows: T[], limit: number, fields: CursorFields = BY_CREATION) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last, fields) : null };
}
