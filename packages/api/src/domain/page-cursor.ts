import { AppError } from '../errors.ts';

/** A paged list's cursor: the order fields of the last row handed out, opaque to the client. */
export function encodeCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // Fall through to the error below.
  }
  throw new AppError('BAD_REQUEST', 'cursor: not a cursor this server handed out. Start again without one.');
}

/** The page of `limit` from `limit + 1` rows read, and the cursor of the next page if there is one. */
export function toPage<T extends { createdAt: string; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
