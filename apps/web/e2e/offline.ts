// Waiting for the app to be ready for offline use: the steps a person cannot see, but that must be done before
// the network goes (the service worker has cached the app, the data on screen has been saved).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { LIVE_TIMEOUT } from './people.ts';

/** Resolves once a service worker is active for the page: the app shell is in its cache. */
export async function appCached(page: Page): Promise<void> {
  const active = await page.evaluate(
    (timeout) =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeout)),
      ]),
    LIVE_TIMEOUT,
  );
  if (!active)
    throw new Error(`No service worker became active for ${page.url()}: the app is not kept for offline use.`);
}

/** The saved query cache as text, or '' while nothing is saved (the database is never created from here). */
export function savedCacheText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'adopt-offline')) return '';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('adopt-offline');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('query-cache')) return '';
      const read = db.transaction('query-cache').objectStore('query-cache').get('cache');
      const saved = await new Promise<unknown>((resolve, reject) => {
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
      return saved === undefined ? '' : JSON.stringify(saved);
    } finally {
      db.close();
    }
  });
}

/** Waits until the copy saved for offline use holds `text` (it is written within a second of a change). */
export async function savedForOffline(page: Page, text: string): Promise<void> {
  await expect.poll(() => savedCacheText(page), { timeout: LIVE_TIMEOUT }).toContain(text);
}
