import type { Database, Notification, Reward } from '@adopt/db';
import {
  addUserPoints,
  findUserById,
  hasRewardFor,
  insertNotification,
  insertReward,
  listRewardsForUser,
  lockRow,
} from '@adopt/db';
import type { Kysely } from 'kysely';
import { readSnapshot, type Tx } from '../live/commit.ts';
import type { NotificationRecord, NotificationSubject, RewardRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { rewards } from '../topics/rewards.ts';
import { plural } from '../words.ts';
import { newId, nowIso } from './ids.ts';
import { toNotificationRecord } from './notifications.ts';

export interface Award {
  userId: string;
  points: number;
  /** Why, in words the person reads, e.g. "Posted to the feed". Also the key that keeps one-off awards unique. */
  reason: string;
  /** What keeps the award unique when the reason alone would not (titles repeat); defaults to the reason. */
  key?: string;
  /** What the award was for, so its notification links there. */
  subject?: NotificationSubject;
  badge?: string;
  /** Award only if this person has never been given this award before. */
  once?: boolean;
}

export function toRewardRecord(reward: Reward): RewardRecord {
  const { awardKey: _key, ...record } = reward;
  return record;
}

/** Writes the reward, the new total, the person's notification and the live events, inside the caller's transaction. */
export async function awardPoints(tx: Tx, award: Award): Promise<RewardRecord | null> {
  const awardKey = award.key ?? award.reason;
  // The points update would take this lock anyway; taken first, it also makes the `once` check safe.
  await lockRow(tx.db, 'users', award.userId);
  if (award.once && (await hasRewardFor(tx.db, award.userId, awardKey))) return null;
  const createdAt = nowIso();
  const reward: Reward = {
    id: newId(),
    userId: award.userId,
    badge: award.badge ?? null,
    points: award.points,
    reason: award.reason,
    awardKey,
    createdAt,
  };
  await insertReward(tx.db, reward);
  const user = await addUserPoints(tx.db, award.userId, award.points);
  const record = toRewardRecord(reward);
  await tx.emit({ topic: 'rewards', type: 'created', id: reward.id, record });
  await tx.emit({
    topic: 'leaderboard',
    type: 'updated',
    id: user.id,
    record: { id: user.id, name: user.name, points: user.points },
  });
  const badge = award.badge ? ` and the "${award.badge}" badge` : '';
  await notify(
    tx,
    award.userId,
    `You earned ${plural(award.points, 'point')}${badge}: ${award.reason}.`,
    award.subject,
  );
  return record;
}

/** `message` is what happened in words (names, never ids); `subject` is what it links to. */
export async function notify(
  tx: Tx,
  userId: string,
  message: string,
  subject?: NotificationSubject,
): Promise<NotificationRecord> {
  const notification: Notification = {
    id: newId(),
    userId,
    message,
    subjectKind: subject?.kind ?? null,
    subjectId: subject?.id ?? null,
    readAt: null,
    createdAt: nowIso(),
  };
  await insertNotification(tx.db, notification);
  const record = toNotificationRecord(notification);
  await tx.emit({ topic: 'notifications', type: 'created', id: record.id, record });
  return record;
}

export async function listMyRewards(db: Kysely<Database>, userId: string): Promise<RewardRecord[]> {
  return (await listRewardsForUser(db, userId, rewards.order)).map(toRewardRecord);
}

/** The newest rewards shown; `points` is the full total, so it stays right however many there are. */
const MY_REWARDS_LIMIT = 200;

/** The viewer's rewards and total points, as of the event the snapshot reflects. */
export async function myRewards(services: Services, userId: string) {
  const { value, lastEventId } = await readSnapshot(services, async (db) => ({
    rewards: await listRewardsForUser(db, userId, rewards.order, MY_REWARDS_LIMIT),
    user: await findUserById(db, userId),
  }));
  return { items: value.rewards.map(toRewardRecord), points: Number(value.user?.points ?? 0), lastEventId };
}
