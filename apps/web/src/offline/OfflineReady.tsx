import { queryPath } from '@adopt/live/browser';
import type { QueryClient } from '@tanstack/react-query';
import { type PersistQueryClientOptions, PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { type ReactNode, useEffect } from 'react';
import { formatDateTime } from '../components/time.tsx';
import { useStore } from '../store.ts';
import { NO_ANSWER_YET } from '../trpc.ts';
import { newVersionReady, registerServiceWorker } from './new-version.ts';
import { checkRestoredSession, showingSaved } from './restored-session.ts';
import { forgetSavedCache, SAVED_FOR_MS, savedCache } from './saved-cache.ts';

/** Data saved by another build may not fit this one's screens: a new build starts from the server. */
export const APP_BUILD: string = import.meta.env.APP_BUILD ?? 'dev';

const persistOptions: Omit<PersistQueryClientOptions, 'queryClient'> = {
  persister: savedCache,
  maxAge: SAVED_FOR_MS,
  buster: APP_BUILD,
  // Writes waiting to be sent are kept by the write queue, not here.
  dehydrateOptions: { shouldDehydrateMutation: () => false },
};

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function savedWhen(at: number): string {
  const sameDay = new Date(at).toDateString() === new Date().toDateString();
  return sameDay ? time.format(at) : formatDateTime(new Date(at).toISOString());
}

function OfflineNotice() {
  const showing = useStore(showingSaved);
  if (showing === null) return null;
  const when = savedWhen(showing.savedAt);
  if (showing.why === 'no-answer') {
    return (
      <p className="offline-notice" role="alert">
        {NO_ANSWER_YET} Showing what was here at {when}.
      </p>
    );
  }
  return (
    <p className="offline-notice" role="status">
      <strong>Offline:</strong> showing what was here at {when}. The app catches up when the server can be reached.
    </p>
  );
}

function NewVersionNotice() {
  const ready = useStore(newVersionReady);
  if (!ready) return null;
  return (
    <div className="new-version" role="alert">
      A new version of Adopt-a-Street is ready.
      <button type="button" className="button small" onClick={ready.reload}>
        Reload
      </button>
    </div>
  );
}

/** Ends the saved copy with the session: logged out or signed out, nothing of the person stays on the device. */
function forgetWhenSignedOut(client: QueryClient): () => void {
  return client.getQueryCache().subscribe(({ type, query }) => {
    if (type !== 'updated' || queryPath(query) !== 'auth.me') return;
    if (query.state.status === 'success' && query.state.data === null) void forgetSavedCache();
  });
}

/**
 * The query client, restored from the copy saved on this device before anything renders, and saved again as
 * it changes; with the service worker, the app opens and shows the last data without a server.
 */
export function OfflineReady({ client, children }: { client: QueryClient; children: ReactNode }) {
  useEffect(() => registerServiceWorker(), []);
  useEffect(() => forgetWhenSignedOut(client), [client]);
  return (
    <PersistQueryClientProvider
      client={client}
      persistOptions={persistOptions}
      onSuccess={() => void checkRestoredSession(client)}
    >
      <OfflineNotice />
      <NewVersionNotice />
      {children}
    </PersistQueryClientProvider>
  );
}
