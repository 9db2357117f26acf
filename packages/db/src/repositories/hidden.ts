import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';

/** Hides a post or comment from every list; false when it was already gone or hidden. */
export async function hideRow(
  db: Kysely<Database>,
  table: 'posts' | 'comments',
  id: string,
  reason: string,
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ hiddenReason: reason })
    .where('id', '=', id)
    .where('hiddenReason', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
