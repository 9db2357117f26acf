import { EmptyState, QueryState } from '../components/feedback.tsx';
import { TimeAgo } from '../components/time.tsx';
import { Link } from '../router.tsx';
import { trpc } from '../trpc.ts';
import { act } from '../writes/act.ts';
import { useOverlaid } from '../writes/use-writes.ts';
import { subjectPath } from './notifications/subject-path.ts';

export function NotificationsScreen() {
  const notifications = trpc.notifications.list.useQuery();
  const markRead = (ids: string[]) => act('notifications.markRead', { ids });
  const items = useOverlaid('notifications.list', undefined, notifications.data)?.items ?? [];
  const unread = items.filter((n) => !n.read).map((n) => n.id);
  return (
    <div className="page narrow">
      <div className="page-head">
        <h1>Notifications</h1>
        {unread.length > 0 ? (
          <button type="button" className="button secondary" onClick={() => markRead(unread)}>
            Mark all as read
          </button>
        ) : null}
      </div>
      <QueryState query={notifications} what="notifications">
        {items.length === 0 ? (
          <EmptyState title="You are all caught up">Points, badges and news for you show up here.</EmptyState>
        ) : (
          <ul className="card notifications plain">
            {items.map((n) => (
              <li key={n.id} className={n.read ? 'read' : 'unread'}>
                <span className="unread-dot" aria-hidden="true" />
                <div className="grow">
                  <p>
                    {n.subject ? (
                      // Following a notification is reading it.
                      <Link to={subjectPath(n.subject)} onClick={() => (n.read ? undefined : markRead([n.id]))}>
                        {n.message}
                      </Link>
                    ) : (
                      n.message
                    )}
                  </p>
                  <p className="muted small">
                    <TimeAgo iso={n.createdAt} />
                    {n.read ? '' : ' · unread'}
                  </p>
                </div>
                {n.read ? null : (
                  <button type="button" className="button ghost small" onClick={() => markRead([n.id])}>
                    Mark as read
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}
