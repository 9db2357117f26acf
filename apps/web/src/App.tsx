import type { UserRecord } from '@adopt/api';
import { type ReactNode, useEffect, useState } from 'react';
import { ErrorMessage, Loading } from './components/feedback.tsx';
import { Shell } from './components/Shell.tsx';
import { usePath } from './router.tsx';
import { AdminScreen } from './screens/AdminScreen.tsx';
import { AuthScreen } from './screens/AuthScreen.tsx';
import { EventsScreen } from './screens/EventsScreen.tsx';
import { FeedScreen } from './screens/FeedScreen.tsx';
import { openPostIdOf } from './screens/feed/comments-path.ts';
import { LeaderboardScreen } from './screens/LeaderboardScreen.tsx';
import { MeScreen } from './screens/MeScreen.tsx';
import { NotFoundScreen } from './screens/NotFoundScreen.tsx';
import { NotificationsScreen } from './screens/NotificationsScreen.tsx';
import { RefusedScreen } from './screens/RefusedScreen.tsx';
import { StreetsScreen } from './screens/StreetsScreen.tsx';
import { TasksScreen } from './screens/TasksScreen.tsx';
import { NO_ANSWER_MS, NO_ANSWER_YET, trpc } from './trpc.ts';

interface ScreenSpec {
  title: string;
  render: (me: UserRecord) => ReactNode;
  /** Who may open it, and what to tell everyone else; absent means every signed-in person. */
  only?: { allows: (me: UserRecord) => boolean; reason: string };
}

const ADMINS_ONLY = {
  allows: (me: UserRecord) => me.role === 'admin',
  reason: 'This page is for admins. Ask an admin of your neighbourhood if you need something changed.',
};

const SCREENS: Record<string, ScreenSpec> = {
  '/': { title: 'Feed', render: (me) => <FeedScreen me={me} /> },
  '/events': { title: 'Events', render: (me) => <EventsScreen me={me} /> },
  '/tasks': { title: 'Tasks', render: (me) => <TasksScreen me={me} /> },
  '/streets': { title: 'Streets', render: (me) => <StreetsScreen me={me} /> },
  '/leaderboard': { title: 'Leaderboard', render: (me) => <LeaderboardScreen me={me} /> },
  '/me': { title: 'My badges and points', render: (me) => <MeScreen me={me} /> },
  '/notifications': { title: 'Notifications', render: () => <NotificationsScreen /> },
  '/admin': { title: 'Admin', render: (me) => <AdminScreen me={me} />, only: ADMINS_ONLY },
};

/** The feed with one post's comments open: a path with a parameter, so it is not in SCREENS. */
function commentsScreen(postId: string): ScreenSpec {
  return { title: 'Comments', render: (me: UserRecord) => <FeedScreen me={me} openPostId={postId} /> };
}

function Screen({ path, me }: { path: string; me: UserRecord }) {
  const postId = openPostIdOf(path);
  const screen = postId ? commentsScreen(postId) : SCREENS[path];
  const refused = screen?.only && !screen.only.allows(me) ? screen.only.reason : null;
  const title = refused ? 'Not allowed' : (screen?.title ?? 'Not found');
  useEffect(() => {
    document.title = `${title} · Adopt-a-Street`;
  }, [title]);
  if (!screen) return <NotFoundScreen />;
  return refused ? <RefusedScreen reason={refused} /> : screen.render(me);
}

function useTakingLong(waiting: boolean): boolean {
  const [long, setLong] = useState(false);
  useEffect(() => {
    setLong(false);
    if (!waiting) return;
    const timer = setTimeout(() => setLong(true), NO_ANSWER_MS);
    return () => clearTimeout(timer);
  }, [waiting]);
  return long;
}

export function App() {
  const me = trpc.auth.me.useQuery();
  const path = usePath();
  const slow = useTakingLong(me.isPending);
  if (me.isPending) {
    return (
      <main className="auth">
        <Loading what="Adopt-a-Street" />
        {slow ? (
          <p className="error" role="alert">
            {NO_ANSWER_YET}
          </p>
        ) : null}
      </main>
    );
  }
  if (me.error) {
    return (
      <main className="auth">
        <div className="card auth-card">
          <ErrorMessage error={me.error} />
          <button type="button" className="button" onClick={() => me.refetch()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!me.data) return <AuthScreen />;
  return (
    <Shell me={me.data}>
      <Screen path={path} me={me.data} />
    </Shell>
  );
}
