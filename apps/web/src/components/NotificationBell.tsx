import { Link } from '../router.tsx';
import { trpc } from '../trpc.ts';
import { useOverlaid } from '../writes/use-writes.ts';

/** The bell in the header: how many notifications are unread, kept live by the stream. */
export function NotificationBell() {
  const notifications = trpc.notifications.list.useQuery();
  const shown = useOverlaid('notifications.list', undefined, notifications.data);
  const unread = shown?.items.filter((n) => !n.read).length ?? 0;
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <Link to="/notifications" className="bell" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 ? (
        <span className="badge" data-testid="unread-count">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
