// The app opened from a saved cache: it shows that at once, then asks the server who is signed in until it
// answers, and only then trusts the stream and the lists again.
import type { UserRecord } from '@adopt/api';
import { backoffDelay, createStore, queryPath } from '@adopt/live/browser';
import type { Query, QueryClient } from '@tanstack/react-query';
import { meKey } from '../runtime.ts';
import { NO_ANSWER_MS, trpcClient } from '../trpc.ts';
import { forgetSavedCache, restoredAt } from './saved-cache.ts';

/**
 * While the app shows saved data it could not check with the server yet: when that data was saved, and whether
 * the server could not be reached or has not answered yet (the request may be waiting for a free connection).
 */
export const showingSaved = createStore<{ savedAt: number; why: 'unreachable' | 'no-answer' } | null>(null);

const notTheSession = (query: Query) => queryPath(query) !== 'auth.me';

/** Waits `ms`, or less if the device comes back online meanwhile. */
function untilRetry(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
  });
}

let checking = false;

/** Called once the saved cache is restored (or found empty): nothing to do unless it held a session. */
export async function checkRestoredSession(queryClient: QueryClient): Promise<void> {
  const saved = queryClient.getQueryData<UserRecord | null>(meKey);
  if (!saved || checking) return;
  checking = true;
  const savedAt = restoredAt() ?? Date.now();
  if (!navigator.onLine) showingSaved.set({ savedAt, why: 'unreachable' });
  const silent = setTimeout(() => showingSaved.set((now) => now ?? { savedAt, why: 'no-answer' }), NO_ANSWER_MS);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const user = await trpcClient.auth.me.query();
      clearTimeout(silent);
      showingSaved.set(null);
      takeOver(queryClient, saved, user);
      return;
    } catch {
      // No answer that can be trusted: keep showing what was saved, and say so.
      showingSaved.set({ savedAt, why: 'unreachable' });
      await untilRetry(backoffDelay(attempt));
    }
  }
}

function takeOver(queryClient: QueryClient, saved: UserRecord, user: UserRecord | null): void {
  if (user?.id === saved.id) {
    // Every saved list is loaded afresh (the live stream waits for lists being reloaded), so the stream
    // resumes from what the server has now, never from a position kept in the saved copy.
    void queryClient.invalidateQueries({ predicate: notTheSession, refetchType: 'all' });
  } else {
    // Signed out meanwhile, or someone else is: nothing of the saved person stays.
    queryClient.removeQueries({ predicate: notTheSession });
    void forgetSavedCache();
  }
  queryClient.setQueryData(meKey, user);
}
