import type { RewardRecord } from '@adopt/api';
import { describe, expect, it } from 'vitest';
import { groupRewards } from './group-rewards.ts';

const reward = (reason: string, points: number, createdAt: string): RewardRecord => ({
  id: `${reason}-${createdAt}`,
  userId: 'u1',
  badge: null,
  points,
  reason,
  createdAt,
});

describe('groupRewards', () => {
  it('makes one line per reason with how often and how many points, newest reason first', () => {
    const rewards = [
      reward('Posted to the feed', 2, '2026-01-03T00:00:00Z'),
      reward('Adopted Elm Street', 10, '2026-01-02T12:00:00Z'),
      reward('Posted to the feed', 2, '2026-01-02T00:00:00Z'),
      reward('Posted to the feed', 2, '2026-01-01T00:00:00Z'),
    ];
    expect(groupRewards(rewards)).toEqual([
      { reason: 'Posted to the feed', times: 3, points: 6, latestAt: '2026-01-03T00:00:00Z' },
      { reason: 'Adopted Elm Street', times: 1, points: 10, latestAt: '2026-01-02T12:00:00Z' },
    ]);
  });
});
