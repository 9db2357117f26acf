import type { UserRecord } from '@adopt/api';
import { MegaphoneIcon } from '../../components/icons.tsx';
import { formatDateTime, TimeAgo } from '../../components/time.tsx';
import { Link } from '../../router.tsx';
import { trpc } from '../../trpc.ts';

function LatestAnnouncement() {
  const announcements = trpc.announcements.list.useQuery();
  const latest = announcements.data?.items[0];
  if (!latest) return null;
  return (
    <section className="card side-card pinned" aria-label="Latest announcement">
      <h2 className="side-title">
        <MegaphoneIcon /> Announcement
      </h2>
      <p>{latest.message}</p>
      <p className="muted small">
        {latest.authorName} · <TimeAgo iso={latest.createdAt} />
      </p>
    </section>
  );
}

function NextCleanups() {
  const events = trpc.events.list.useQuery();
  const now = Date.now();
  const next = (events.data?.items ?? [])
    .filter((e) => e.status === 'published' && Date.parse(e.startsAt) >= now)
    .slice(0, 3);
  return (
    <section className="card side-card" aria-label="Next clean-ups">
      <h2 className="side-title">Next clean-ups</h2>
      {next.length === 0 ? (
        <p className="muted small">Nothing planned yet.</p>
      ) : (
        <ul className="plain side-list">
          {next.map((e) => (
            <li key={e.id}>
              <p className="strong">{e.title}</p>
              <p className="muted small">
                {formatDateTime(e.startsAt)} · {e.attendees.length} going
              </p>
            </li>
          ))}
        </ul>
      )}
      <Link to="/events" className="small">
        All events
      </Link>
    </section>
  );
}

function TopNeighbours({ me }: { me: UserRecord }) {
  const top = trpc.leaderboard.top.useQuery({ limit: 5 });
  const items = top.data?.items ?? [];
  return (
    <section className="card side-card" aria-label="Top neighbours">
      <h2 className="side-title">Top neighbours</h2>
      {items.length === 0 ? (
        <p className="muted small">Nobody has points yet.</p>
      ) : (
        <ol className="plain side-list">
          {items.map((entry, index) => (
            <li key={entry.id} className="row">
              <span className={`rank rank-${index + 1}`}>{index + 1}</span>
              <span className={`grow${entry.id === me.id ? ' strong' : ''}`}>{entry.name}</span>
              <span className="small strong">{entry.points}</span>
            </li>
          ))}
        </ol>
      )}
      <Link to="/leaderboard" className="small">
        Full leaderboard
      </Link>
    </section>
  );
}

/** What else is going on, beside the feed on wide screens; every card is live like the feed itself. */
export function FeedSidebar({ me }: { me: UserRecord }) {
  return (
    <aside className="sidebar" aria-label="Around the neighbourhood">
      <LatestAnnouncement />
      <NextCleanups />
      <TopNeighbours me={me} />
    </aside>
  );
}
