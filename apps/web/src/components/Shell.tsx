import type { UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { type ReactNode, useState } from 'react';
import { Link } from '../router.tsx';
import { logOut } from '../runtime.ts';
import { errorMessage } from '../trpc.ts';
import { Announcements } from './Announcements.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { PendingWrites } from './PendingWrites.tsx';

const NAV = [
  { to: '/', label: 'Feed' },
  { to: '/events', label: 'Events' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/streets', label: 'Streets' },
  { to: '/leaderboard', label: 'Leaderboard' },
];

export function Shell({ me, children }: { me: UserRecord; children: ReactNode }) {
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nav = me.role === 'admin' ? [...NAV, { to: '/admin', label: 'Admin' }] : NAV;

  const leave = async () => {
    setLeaving(true);
    setError(null);
    try {
      await logOut();
    } catch (e) {
      setError(`Could not log out: ${errorMessage(e)}`);
      setLeaving(false);
    }
  };

  return (
    <>
      <header className="header">
        <div className="header-inner">
          <Link to="/" className="brand" aria-label="Adopt-a-Street, home">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            <span className="brand-name">Adopt-a-Street</span>
          </Link>
          <LiveStatus />
          <div className="header-actions">
            <NotificationBell />
            <Link to="/me" className="me-chip" title="My badges and points">
              <span className="me-name">{me.name}</span>
              <span className="points" data-testid="my-points">
                {plural(me.points, 'pt')}
              </span>
            </Link>
            <button type="button" className="button ghost small" onClick={leave} disabled={leaving}>
              Log out
            </button>
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          <div className="nav-inner">
            {nav.map((item) => (
              <Link key={item.to} to={item.to} className="nav-link">
                {item.label}
              </Link>
            ))}
          </div>
        </nav>
      </header>
      {error ? (
        <p className="error banner" role="alert">
          {error}
        </p>
      ) : null}
      <PendingWrites />
      <Announcements />
      <main className="main">{children}</main>
    </>
  );
}
