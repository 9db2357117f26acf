import type { UserRecord } from '@adopt/api';
import { ErrorMessage, Loading } from './components/feedback.tsx';
import { Shell } from './components/Shell.tsx';
import { usePath } from './router.tsx';
import { AdminScreen } from './screens/AdminScreen.tsx';
import { AuthScreen } from './screens/AuthScreen.tsx';
import { EventsScreen } from './screens/EventsScreen.tsx';
import { FeedScreen } from './screens/FeedScreen.tsx';
import { LeaderboardScreen } from './screens/LeaderboardScreen.tsx';
import { MeScreen } from './screens/MeScreen.tsx';
import { NotFoundScreen } from './screens/NotFoundScreen.tsx';
import { NotificationsScreen } from './screens/NotificationsScreen.tsx';
import { StreetsScreen } from './screens/StreetsScreen.tsx';
import { TasksScreen } from './screens/TasksScreen.tsx';
import { trpc } from './trpc.ts';

function Screen({ path, me }: { path: string; me: UserRecord }) {
  switch (path) {
    case '/':
      return <FeedScreen me={me} />;
    case '/events':
      return <EventsScreen me={me} />;
    case '/tasks':
      return <TasksScreen me={me} />;
    case '/streets':
      return <StreetsScreen me={me} />;
    case '/leaderboard':
      return <LeaderboardScreen me={me} />;
    case '/me':
      return <MeScreen me={me} />;
    case '/notifications':
      return <NotificationsScreen />;
    case '/admin':
      return <AdminScreen me={me} />;
    default:
      return <NotFoundScreen />;
  }
}

export function App() {
  const me = trpc.auth.me.useQuery();
  const path = usePath();
  if (me.isPending) {
    return (
      <main className="auth">
        <Loading what="Adopt-a-Street" />
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
