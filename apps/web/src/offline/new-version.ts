/// <reference types="vite-plugin-pwa/vanillajs" />
// A new build installed by the service worker takes over at once when nothing would be lost by a reload;
// while someone is typing, a banner offers the reload instead, so no half-written post disappears.

import { registerSW } from 'virtual:pwa-register';
import { createStore } from '@adopt/live/browser';

/** Set when a new version waits for a reload the person should choose. */
export const newVersionReady = createStore<{ reload: () => void } | null>(null);

const TYPED = 'textarea, input:not([type]), input[type="text"], input[type="email"], input[type="password"]';

function somethingTyped(): boolean {
  return [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(TYPED)].some((field) => field.value);
}

let registered = false;

/** Registers the service worker that keeps the app shell for offline use (only in a build, never in dev). */
export function registerServiceWorker(): void {
  if (registered) return;
  registered = true;
  const update = registerSW({
    onNeedRefresh() {
      const reload = () => void update(true);
      if (somethingTyped()) newVersionReady.set({ reload });
      else reload();
    },
    onRegisterError(error: unknown) {
      console.warn('The app could not be set up for offline use:', error);
    },
  });
}
