import type { LeaderboardRecord } from '../records.ts';
import { defineTopic } from './define.ts';

/** The ranking by points; equal points rank by id, so the client can place a tie exactly where the server does. */
export const leaderboard = defineTopic<LeaderboardRecord>()('leaderboard', {
  list: 'leaderboard.top',
  order: [['points', 'desc']],
  limit: { default: 10, max: 100 },
  audience: () => ({ everyone: true }),
});
