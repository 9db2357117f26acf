// The tab's singletons, made once at module load, outside React: the query cache, the live stream that
// feeds it (shared by every tab of the browser), and the session that decides whose stream it is.
// StrictMode and re-renders never touch them.
import type { AnnouncementRecord, LiveMessage, UserRecord } from '@adopt/api';
import { plural } from '@adopt/api/words';
import { createStore, LiveCache, LiveTabs, queryPath, WriteQueue } from '@adopt/live/browser';
import { MutationCache, notifyManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { LIST_SPECS } from './live/list-specs.ts';
import { openStream } from './live/open-stream.ts';
import { createSessionTabs, type SessionChange } from './session-tabs.ts';
import { errorCode, errorMessage, queryDefaults, trpc, trpcClient } from './trpc.ts';
import { keepMyLike } from './writes/keep-my-like.ts';
import { writeQueueOptions } from './writes/queue-options.ts';

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
      if (live.status.get().state !== 'live') void queryClient.invalidateQueries({ predicate: liveCache.isList });
    },
  }),
  defaultOptions: queryDefaults,
});

const liveCache = new LiveCache(queryClient, {
  specs: LIST_SPECS,
  onStale: (eventId) => {
    liveCache.coverFrom(eventId);
    live.restart(String(eventId));
  },
});

/** One stream per browser and person: the tabs elect a leader that holds it for all of them. */
export const live = new LiveTabs<LiveMessage>({
  name: 'adopt-live',
  open: openStream,
  onMessage: receive,
  onUnauthorized: (error) => endSession(errorMessage(error)),
});

/** Every action of the person, optimistic on screen, queued in IndexedDB, sent once per browser. */
export const writes = new WriteQueue(
  writeQueueOptions({ keepMyLike: (post) => keepMyLike(queryClient, post), sessionEnded: (m) => endSession(m) }),
);

const sessionTabs = createSessionTabs(heardFromAnotherTab);

function receive(id: string, message: LiveMessage): void {
  if (message.type === 'resync') {
    liveCache.resync(Number(id));
    return;
  }
  // One render: the real record lands and the writes the stream has now passed drop their overlays.
  notifyManager.batch(() => {
    liveCache.apply(Number(id), message);
    writes.streamAt(Number(id));
  });
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
  live.leave();
  liveCache.reset();
  announcements.set([]);
  // A person's unsent writes stay stored under their id, for their next visit; none show to anyone else.
  if (next) writes.start(next);
  else writes.stop();
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
  // A list reloading over saved (offline) data counts as loading: the stream starts from the fresh snapshot.
  const loading = liveCache
    .listQueries()
    .some((q) => q.state.fetchStatus === 'fetching' && (q.state.data === undefined || q.state.isInvalidated));
  const from = loading ? null : liveCache.startPosition();
  if (from === null || !identity) return;
  waitingToStart = false;
  liveCache.coverFrom(from);
  live.join(identity, String(from));
}

/** The session is over (expired, revoked, logged out elsewhere): back to the login screen, no retrying. */
export function endSession(message: string): void {
  if (!identity) return;
  showLogin(message);
  sessionTabs.announce({ kind: 'signed-out', notice: message });
}

function showLogin(notice: string | null): void {
  live.leave();
  sessionNotice.set(notice);
  queryClient.setQueryData(meKey, null);
}

export function signedIn(user: UserRecord): void {
  sessionNotice.set(null);
  queryClient.setQueryData(meKey, user);
  sessionTabs.announce({ kind: 'signed-in', user });
}

let loggingOut = false;

/**
 * Logs out once every change the person made has been answered: the browser keeps nothing of theirs afterwards,
 * so a change still waiting for the network would be lost. Offline, logging out waits (and so would the server).
 */
export async function logOut(): Promise<void> {
  const waiting = await writes.settle();
  if (waiting > 0) {
    throw new Error(
      `${plural(waiting, 'change')} not sent yet: log out once the connection is back, or they are lost.`,
    );
  }
  // Close the stream first, so the server ending it is not mistaken for an expired session.
  live.leave();
  loggingOut = true;
  try {
    await trpcClient.auth.logout.mutate();
  } catch (error) {
    if (errorCode(error) !== 'UNAUTHORIZED') {
      waitingToStart = true;
      startWhenSnapshotsLoaded();
      throw error;
    }
  } finally {
    loggingOut = false;
  }
  await writes.forget();
  showLogin(null);
  sessionTabs.announce({ kind: 'signed-out', notice: 'You logged out in another tab.' });
}

/** Another tab logged in or out: this one follows, and keeps nothing of the last person on screen. */
function heardFromAnotherTab(change: SessionChange): void {
  if (change.kind === 'signed-out') {
    if (identity && !loggingOut) showLogin(change.notice);
  } else if (change.user.id !== identity) {
    sessionNotice.set(null);
    queryClient.setQueryData(meKey, change.user);
  }
}

let started = false;
let wasLive = false;

/** Back online after an outage: anything that failed to load meanwhile gets another go, once. */
function retryFailedQueries(): void {
  const isLive = live.status.get().state === 'live';
  if (isLive && !wasLive) writes.online();
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
    if (!liveCache.isList(query)) return;
    if (action.type === 'success' && !action.manual) liveCache.reconcile(query);
    if (action.type === 'success' || action.type === 'error') startWhenSnapshotsLoaded();
  });
  live.status.subscribe(retryFailedQueries);
  window.addEventListener('online', () => {
    live.online();
    writes.online();
  });
  window.addEventListener('offline', () => live.offline());
  // A frozen tab can hold no stream for the others (Page Lifecycle); thawed, it follows again.
  document.addEventListener('freeze', () => live.frozen());
  document.addEventListener('resume', () => live.unfrozen());
}
