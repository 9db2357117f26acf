import type { UserRecord } from '@adopt/api';
import { EmptyState, QueryState } from '../components/feedback.tsx';
import { RosetteIcon } from '../components/icons.tsx';
import { TimeAgo } from '../components/time.tsx';
import { trpc } from '../trpc.ts';
import { groupRewards } from './me/group-rewards.ts';

/** My badges and the history of my points. */
export function MeScreen({ me }: { me: UserRecord }) {
  const rewards = trpc.rewards.mine.useQuery();
  const items = rewards.data?.items ?? [];
  const badges = items.filter((r) => r.badge);
  return (
    <div className="page narrow">
      <h1>{me.name}</h1>
      <div className="card score">
        <span className="score-number">{me.points}</span>
        <span className="muted">points</span>
      </div>
      <QueryState query={rewards} what="your rewards">
        <section aria-label="Badges" className="stack">
          <h2>Badges</h2>
          {badges.length === 0 ? (
            <EmptyState title="No badges yet">Your first post earns one.</EmptyState>
          ) : (
            <ul className="badges plain">
              {badges.map((r) => (
                <li key={r.id} className="badge-card" title={r.reason}>
                  <RosetteIcon />
                  <span className="strong">{r.badge}</span>
                  <span className="muted small">
                    <TimeAgo iso={r.createdAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Points history" className="stack">
          <h2>Points history</h2>
          {items.length === 0 ? (
            <EmptyState title="No points yet">Post, finish a task or join a clean-up.</EmptyState>
          ) : (
            <ul className="card history plain">
              {groupRewards(items).map((g) => (
                <li key={g.reason}>
                  <span className="grow">
                    {g.reason}
                    {g.times > 1 ? <span className="muted"> ×{g.times}</span> : null}
                  </span>
                  <span className="muted small">
                    {g.times > 1 ? 'latest ' : ''}
                    <TimeAgo iso={g.latestAt} />
                  </span>
                  <span className="strong">+{g.points}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </QueryState>
    </div>
  );
}
