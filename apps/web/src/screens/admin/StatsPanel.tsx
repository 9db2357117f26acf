import type { InstanceStatsRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { QueryState } from '../../components/feedback.tsx';
import { trpc } from '../../trpc.ts';
import { useWatchStats } from './use-watch-stats.ts';

function TopicCounts({ topics }: { topics: InstanceStatsRecord['topics'] }) {
  const sorted = Object.entries(topics).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="topic-counts">
      {sorted.map(([topic, count]) => (
        <div key={topic}>
          <dt>{topic}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}

function Instance({ instance }: { instance: InstanceStatsRecord }) {
  return (
    <li className="stack" aria-label={`Instance ${instance.id.slice(0, 8)}`} data-testid="instance-stats">
      <p className="big-number">
        <span data-testid="streams">{instance.streams}</span>
        <span className="muted small"> open {instance.streams === 1 ? 'stream' : 'streams'}</span>
      </p>
      <p className="muted small">
        Instance {instance.id.slice(0, 8)} · {instance.deliveriesPerSecond} deliveries a second ·{' '}
        {plural(instance.slowClientsCut, 'slow stream', 'slow streams')} cut off · event log{' '}
        {instance.eventLogLag === 0 ? 'up to date' : `${plural(instance.eventLogLag, 'event', 'events')} behind`} ·{' '}
        {plural(instance.runningJobs, 'job', 'jobs')} running
      </p>
      <TopicCounts topics={instance.topics} />
    </li>
  );
}

/** Every instance's figures: the list once, then pushed on the `stats` topic while this panel is open. */
export function StatsPanel() {
  const instances = trpc.stats.instances.useQuery();
  const problem = useWatchStats();
  const items = instances.data?.items ?? [];
  return (
    <section className="card" aria-label="Live connections">
      <h2>Live connections</h2>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <QueryState query={instances} what="figures">
        <ul className="plain stack">
          {items.map((instance) => (
            <Instance key={instance.id} instance={instance} />
          ))}
        </ul>
      </QueryState>
    </section>
  );
}
