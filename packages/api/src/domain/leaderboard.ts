import { listUsersByPoints, type User } from '@adopt/db';
import { readSnapshot } from '../live/commit.ts';
import type { LeaderboardRecord } from '../records.ts';
import type { Services } from '../services.ts';
import { leaderboard } from '../topics/leaderboard.ts';

export function toLeaderboardRecord(user: Pick<User, 'id' | 'name' | 'points'>): LeaderboardRecord {
  return { id: user.id, name: user.name, points: Number(user.points) };
}

/** Most points first; ties go to whoever joined earlier. */
export async function topOfLeaderboard(services: Services, limit: number) {
  const { value: users, lastEventId } = await readSnapshot(services, (db) =>
    listUsersByPoints(db, leaderboard.order, limit),
  );
  return { items: users.map(toLeaderboardRecord), lastEventId };
}
