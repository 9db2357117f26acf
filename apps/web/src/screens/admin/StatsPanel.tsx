import { ErrorMessage, Loading } from '../../components/feedback.tsx';
import { trpc } from '../../trpc.ts';

/** Live connection figures. Stats are not a topic, so this panel asks again every two seconds while open. */
export function StatsPanel() {
  const stats = trpc.admin.stats.useQuery(undefined, { refetchInterval: 2000 });
  const topics = Object.entries(stats.data?.topics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="card" aria-label="Live connections">
      <h2>Live connections</h2>
      {stats.isPending ? <Loading what="figures" /> : null}
      <ErrorMessage error={stats.error} />
      {stats.data ? (
        <>
          <p className="big-number" data-testid="total-clients">
            {stats.data.totalClients}
            <span className="muted small"> open {stats.data.totalClients === 1 ? 'stream' : 'streams'}</span>
          </p>
          <p className="muted small">
            {stats.data.deliveries} events delivered · {stats.data.dropped} slow streams cut off · newest event #
            {stats.data.eventLog.lastEventId}
          </p>
          <dl className="topic-counts">
            {topics.map(([topic, count]) => (
              <div key={topic}>
                <dt>{topic}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}
