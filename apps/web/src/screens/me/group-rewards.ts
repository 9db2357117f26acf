import type { RewardRecord } from '@adopt/api';

/** One line of the points history: every reward given for the same reason, newest first. */
export interface RewardGroup {
  reason: string;
  times: number;
  points: number;
  latestAt: string;
}

/** Twenty posts read as one line, "Posted to the feed ×20", in the order of each reason's newest reward. */
export function groupRewards(rewards: readonly RewardRecord[]): RewardGroup[] {
  const groups = new Map<string, RewardGroup>();
  for (const reward of rewards) {
    const group = groups.get(reward.reason);
    if (group) {
      group.times += 1;
      group.points += reward.points;
      if (reward.createdAt > group.latestAt) group.latestAt = reward.createdAt;
    } else {
      groups.set(reward.reason, { reason: reward.reason, times: 1, points: reward.points, latestAt: reward.createdAt });
    }
  }
  return [...groups.values()].sort((a, b) => b.latestAt.localeCompare(a.latestAt));
}
