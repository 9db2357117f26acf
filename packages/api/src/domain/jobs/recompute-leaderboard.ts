import { addUserPoints, countUsers, listUsersByPoints, sumRewardPointsByUser } from '@adopt/db';
import { readSnapshot } from '../../live/commit.ts';
import { leaderboard } from '../../topics/leaderboard.ts';
import type { JobContext, JobResult } from './job-context.ts';

export const RECOMPUTE_BATCH_SIZE = 100;

/**
 * Restores every user's points to the sum of their rewards. Corrections are applied as differences
 * read from one snapshot, so an award committed meanwhile adds on top instead of being overwritten.
 */
export async function recomputeLeaderboard({ services, step }: JobContext): Promise<JobResult> {
  const { value } = await readSnapshot(services, async (db) => ({
    sums: await sumRewardPointsByUser(db),
    users: await listUsersByPoints(db, leaderboard.order, await countUsers(db)),
  }));
  const users = value.users.map((user) => ({
    id: user.id,
    delta: (value.sums.get(user.id) ?? 0) - Number(user.points),
  }));
  const total = users.length;
  await step({ processed: 0, total });

  // Progress counts everyone checked; only the people whose total was wrong get written and announced.
  let corrected = 0;
  for (let start = 0; start < total; start += RECOMPUTE_BATCH_SIZE) {
    const batch = users.slice(start, start + RECOMPUTE_BATCH_SIZE);
    // In id order, as every write that locks several people's rows takes them (see lockRows).
    const wrong = batch.filter((u) => u.delta !== 0).sort((a, b) => (a.id < b.id ? -1 : 1));
    await step({ processed: start + batch.length, total }, async (tx) => {
      for (const { id, delta } of wrong) {
        const user = await addUserPoints(tx.db, id, delta);
        const record = { id: user.id, name: user.name, points: Number(user.points) };
        await tx.emit({ topic: 'leaderboard', type: 'updated', id: user.id, record });
      }
    });
    corrected += wrong.length;
  }
  return {
    summary: `Checked ${total} people's points and corrected ${corrected}.`,
    checked: total,
    corrected,
  };
}
