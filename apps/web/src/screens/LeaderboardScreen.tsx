import type { UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { EmptyState, QueryState } from '../components/feedback.tsx';
import { trpc } from '../trpc.ts';

export function LeaderboardScreen({ me }: { me: UserRecord }) {
  const top = trpc.leaderboard.top.useQuery({ limit: 20 });
  const items = top.data?.items ?? [];
  return (
    <div className="page narrow">
      <h1>Leaderboard</h1>
      <p className="muted">Points for posting, finishing tasks and turning up to clean-ups.</p>
      <QueryState query={top} what="the leaderboard">
        {items.length === 0 ? (
          <EmptyState title="Nobody has points yet">Post to the feed or finish a task to get on the board.</EmptyState>
        ) : (
          <ol className="card leaderboard plain">
            {items.map((entry, index) => (
              <li key={entry.id} className={entry.id === me.id ? 'me' : undefined}>
                <span className={`rank rank-${index + 1}`}>{index + 1}</span>
                <span className="grow">
                  {entry.name}
                  {entry.id === me.id ? <span className="muted"> (you)</span> : null}
                </span>
                <span className="strong">{plural(entry.points, 'pt')}</span>
              </li>
            ))}
          </ol>
        )}
      </QueryState>
    </div>
  );
}
