import type { Kysely } from 'kysely';
import type { Database, Reward } from '../database.ts';
import { type SortOrder, sortedBy } from '../sort-order.ts';

export async function insertReward(db: Kysely<Database>, reward: Reward): Promise<void> {
  await db.insertInto('rewards').values(reward).execute();
}

export async function listRewardsForUser(
  db: Kysely<Database>,
  userId: string,
  order: SortOrder<keyof Reward & string>,
  limit = 1000,
): Promise<Reward[]> {
  return sortedBy(db.selectFrom('rewards').selectAll().where('userId', '=', userId), 'rewards', order)
    .limit(limit)
    .execute();
}

export async function hasBadge(db: Kysely<Database>, userId: string, badge: string): Promise<boolean> {
  const row = await db
    .selectFrom('rewards')
    .select('id')
    .where('userId', '=', userId)
    .where('badge', '=', badge)
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasRewardFor(db: Kysely<Database>, userId: string, awardKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('rewards')
    .select('id')
    .where('userId', '=', userId)
    .where('awardKey', '=', awardKey)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether anyone at all was ever given this award: for awards that belong to a thing, not a person. */
export async function hasAnyRewardFor(db: Kysely<Database>, awardKey: string): Promise<boolean> {
  const row = await db.selectFrom('rewards').select('id').where('awardKey', '=', awardKey).executeTakeFirst();
  return row !== undefined;
}

/** Every user's points as the sum of their rewards: the truth a leaderboard recompute restores. */
export async function sumRewardPointsByUser(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('rewards')
    .select((eb) => ['userId', eb.fn.sum<number | string>('points').as('total')])
    .groupBy('userId')
    .execute();
  return new Map(rows.map((row) => [row.userId, Number(row.total)]));
}
