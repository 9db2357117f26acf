import type { Kysely, Updateable } from 'kysely';
import type { Database, Job, JobTable } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export async function insertJob(db: Kysely<Database>, job: Job): Promise<void> {
  await db.insertInto('jobs').values(job).execute();
}

export async function findJob(db: Kysely<Database>, id: string): Promise<Job | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Applies `changes` and returns the job as it now is. */
export async function updateJob(db: Kysely<Database>, id: string, changes: Updateable<JobTable>): Promise<Job> {
  return db.updateTable('jobs').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Newest first; only `ownerId`'s jobs when given, everyone's when null. */
export async function listJobs(
  db: Kysely<Database>,
  ownerId: string | null,
  order: SortOrder<keyof Job & string>,
  limit: number,
): Promise<Job[]> {
  let query = sortedBy(db.selectFrom('jobs').selectAll(), 'jobs', order).limit(limit);
  if (ownerId !== null) query = query.where('ownerId', '=', ownerId);
  return query.execute();
}

/** Jobs still queued or running that nothing has touched since `updatedBefore` (ISO time). */
export async function listUnfinishedJobs(db: Kysely<Database>, updatedBefore: string): Promise<Job[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .where('updatedAt', '<', updatedBefore)
    .execute();
}
