// The tab's singletons, made once at module load, outside React: the query cache, the one live stream
// that feeds it, and the session that decides whose stream it is. StrictMode and re-renders never touch them.
import type { AnnouncementRecord, LiveMessage, UserRecord } from '@adopt/api';
import { TOPICS } from '@adopt/api/topics';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { LiveCache } from './live/cache-sync.ts';
import { LiveConnection, type OpenStream } from './live/connection.ts';
import { queryPath, specOf } from './live/list-specs.ts';
import { createStore } from './store.ts';
import { errorCode, errorMessage, queryDefaults, trpc, trpcClient } from './trpc.ts';

export const meKey = getQueryKey(trpc.auth.me, undefined, 'query');

/** Why the person was sent to the login screen, shown there once. */
export const sessionNotice = createStore<string | null>(null);

/** Announcements that arrived while the app was open, newest last. */
export const announcements = createStore<AnnouncementRecord[]>([]);

const isAuthCall = (path: string | undefined) => path?.startsWith('auth.') ?? false;

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (!isAuthCall(queryPath(query)) && errorCode(error) === 'UNAUTHORIZED') endSession(errorMessage(error));
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _result, mutation) => {
      const path = (mutation.options.mutationKey?.[0] as string[] | undefined)?.join('.');
      if (!isAuthCall(path) && errorCode(error) === 'UNAUTHORIZED') endSession(errorMessage(error));
    },
    onSuccess: () => {
      // Normally the change comes back over the stream within milliseconds; without a stream, fetch it.
      if (live.status.get().state !== 'live') void queryClient.invalidateQueries({ predicate: (q) => !!specOf(q) });
    },
  }),
  defaultOptions: queryDefaults,
});

const liveCache = new LiveCache(queryClient, (eventId) => {
  // A snapshot older than the stream even after a refetch (the database was replaced): start over from it.
  liveCache.coverFrom(eventId);
  live.start(String(eventId));
});

const openStream: OpenStream = (lastEventId, handlers) => {
  const subscription = trpcClient.live.onChange.subscribe(
    { topics: [...TOPICS], lastEventId },
    {
      onStarted: handlers.onStarted,
      onData: ({ id, data }) => handlers.onMessage(id, data),
      onConnectionStateChange: (state) => {
        if (state.state !== 'connecting' || !state.error) return;
        // A retryable error the server sent carries its code; then the EventSource sees the stream end.
        if (errorCode(state.error)) handlers.onEnding(state.error);
        else handlers.onInterrupted(state.error);
      },
      onError: (error) => {
        const code = errorCode(error);
        if (code === 'UNAUTHORIZED') handlers.onUnauthorized(error);
        else if (code === 'TOO_MANY_REQUESTS') handlers.onDisplaced(error);
        else handlers.onLost(error);
      },
      onComplete: () => handlers.onLost(new Error('The server closed the live connection.')),
    },
  );
  return () => subscription.unsubscribe();
};

export const live = new LiveConnection({
  open: openStream,
  onMessage: receive,
  onUnauthorized: (error) => endSession(errorMessage(error)),
});

function receive(id: string, message: LiveMessage): void {
  if (message.type === 'resync') {
    liveCache.resync(Number(id));
    return;
  }
  liveCache.apply(Number(id), message);
  if (message.topic === 'announcements' && message.type === 'created') {
    announcements.set((list) => [...list.slice(-4), message.record]);
  }
  const me = queryClient.getQueryData<UserRecord | null>(meKey);
  if (message.topic === 'leaderboard' && message.type === 'updated' && me && message.id === me.id) {
    const updated: UserRecord = { ...me, points: message.record.points };
    queryClient.setQueryData(meKey, updated);
  }
  // Promoted or demoted: the Admin screen appears or goes at once, without a reload.
  if (message.topic === 'users' && message.type === 'updated' && me && message.id === me.id) {
    queryClient.setQueryData(meKey, { ...me, role: message.record.role } satisfies UserRecord);
  }
}

/** Whose session the cache and the stream belong to; undefined until auth.me first answers. */
let identity: string | null | undefined;
let waitingToStart = false;

function identityChanged(next: string | null): void {
  const previous = identity;
  identity = next;
  live.stop();
  liveCache.reset();
  announcements.set([]);
  if (previous !== undefined) {
    // Nothing the last person could see may stay on screen for the next one.
    queryClient.removeQueries({ predicate: (query) => queryPath(query) !== 'auth.me' });
  }
  waitingToStart = next !== null;
  startWhenSnapshotsLoaded();
}

/**
 * The stream starts once the first list snapshots are in, from the oldest lastEventId among them: every list
 * is then covered, and each one skips the events its own snapshot already reflects.
 */
function startWhenSnapshotsLoaded(): void {
  if (!waitingToStart) return;
  const loading = liveCache.listQueries().some((q) => q.state.data === undefined && q.state.fetchStatus === 'fetching');
  const from = loading ? null : liveCache.startPosition();
  if (from === null) return;
  waitingToStart = false;
  liveCache.coverFrom(from);
  live.start(String(from));
}

/** The session is over (expired, revoked, logged out elsewhere): back to the login screen, no retrying. */
export function endSession(message: string): void {
  if (!identity) return;
  live.stop();
  sessionNotice.set(message);
  queryClient.setQueryData(meKey, null);
}

export function signedIn(user: UserRecord): void {
  sessionNotice.set(null);
  queryClient.setQueryData(meKey, user);
}

export async function logOut(): Promise<void> {
  // Close the stream first, so the server ending it is not mistaken for an expired session.
  live.stop();
  try {
    await trpcClient.auth.logout.mutate();
  } catch (error) {
    if (errorCode(error) !== 'UNAUTHORIZED') {
      waitingToStart = true;
      startWhenSnapshotsLoaded();
      throw error;
    }
  }
  queryClient.setQueryData(meKey, null);
}

let started = false;
let wasLive = false;

/** Back online after an outage: anything that failed to load meanwhile gets another go, once. */
function retryFailedQueries(): void {
  const isLive = live.status.get().state === 'live';
  if (isLive && !wasLive) void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
  wasLive = isLive;
}

/** Wires the cache to the stream. Idempotent: calling it twice (hot reload, StrictMode) changes nothing. */
export function startRuntime(): void {
  if (started) return;
  started = true;
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated') return;
    const { query, action } = event;
    if (queryPath(query) === 'auth.me') {
      if (query.state.status === 'success') {
        const user = query.state.data as UserRecord | null;
        if ((user?.id ?? null) !== identity) identityChanged(user?.id ?? null);
      }
      return;
    }
    if (!specOf(query)) return;
    if (action.type === 'success' && !action.manual) liveCache.reconcile(query);
    if (action.type === 'success' || action.type === 'error') startWhenSnapshotsLoaded();
  });
  live.status.subscribe(retryFailedQueries);
  window.addEventListener('online', () => live.online());
  window.addEventListener('offline', () => live.offline());
}
