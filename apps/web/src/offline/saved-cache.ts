// Where the query cache is kept between visits: one IndexedDB entry, the signed-in person's, or none.
import type { UserRecord } from '@adopt/api';
import { queryPath } from '@adopt/live/browser';
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';
import { createStore as createIdbStore, del, get, set } from 'idb-keyval';

/** A database of its own, so that nothing else the app keeps in IndexedDB is touched by clearing it. */
const idb = createIdbStore('adopt-offline', 'query-cache');
const KEY = 'cache';
/**
 * How long the browser keeps what it saved of a person: the query cache, and unsent writes (a person who never
 * signs in again). Older data is not worth showing: too much has changed.
 */
export const SAVED_FOR_MS = 7 * 24 * 60 * 60 * 1000;
/** The cache changes with every live event: it is written at most this often, the newest state winning. */
const SAVE_EVERY_MS = 500;

/** Whose cache a saved client is: the person auth.me answered with, or null when nobody was signed in. */
export function ownerOf(client: PersistedClient): UserRecord | null {
  const me = client.clientState.queries.find((query) => queryPath(query) === 'auth.me');
  return (me?.state.data as UserRecord | null | undefined) ?? null;
}

let pending: PersistedClient | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
/** The client read back at start, so the screen can say how old what it shows is. */
let restored: PersistedClient | undefined;

async function save(): Promise<void> {
  timer = undefined;
  const client = pending;
  pending = undefined;
  // Nobody signed in: nothing of anyone's is kept (the entry was removed when the session ended).
  if (client && ownerOf(client)) await set(KEY, client, idb);
}

/** Drops what was kept: the person logged out or was signed out, so the next one starts with nothing. */
export async function forgetSavedCache(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  pending = undefined;
  restored = undefined;
  await del(KEY, idb);
}

/** The time the restored data was saved, if the app started from a saved cache. */
export function restoredAt(): number | undefined {
  return restored?.timestamp;
}

export const savedCache: Persister = {
  persistClient(client) {
    pending = client;
    timer ??= setTimeout(() => void save().catch(reportSaveFailure), SAVE_EVERY_MS);
  },
  async restoreClient() {
    restored = await get<PersistedClient>(KEY, idb);
    return restored;
  },
  removeClient: forgetSavedCache,
};

function reportSaveFailure(error: unknown): void {
  // Full disk or private mode: the app goes on working online; only the offline copy is missing.
  console.warn('Could not keep a copy of the data for offline use:', error);
}
