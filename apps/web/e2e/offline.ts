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

/** The feed as the server has it now, asked by the page itself (its session cookie), newest first. */
export async function feedOnServer(page: Page): Promise<{ body: string; likes: number; likedByMe: boolean }[]> {
  return page.evaluate(async () => {
    const input = encodeURIComponent(JSON.stringify({ limit: 50 }));
    const answer = await fetch(`/trpc/posts.list?input=${input}`).then((response) => response.json());
    return answer.result.data.items;
  });
}

/** What the browser keeps in the write queue's IndexedDB store, every person's rows; `rows` are added first. */
export function storedWrites(
  page: Page,
  rows: object[] = [],
): Promise<{ key: string; userId: string; state: string }[]> {
  return page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('adopt-writes');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const tx = db.transaction('writes', 'readwrite');
      for (const row of rows) tx.objectStore('writes').put(row);
      const all = tx.objectStore('writes').getAll();
      return await new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve(all.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }, rows);
}
