import type { RewardRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** Badges and points awarded, heard of by the person awarded; their new total goes to `leaderboard`. */
export const rewards = defineTopic<RewardRecord>()('rewards', {
  list: 'rewards.mine',
  order: [['createdAt', 'desc']],
  audience: (reward: Pick<RewardRecord, 'userId'>) => ({ users: [reward.userId] }),
});
