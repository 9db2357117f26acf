import type { Store } from '@adopt/live/browser';
import { useSyncExternalStore } from 'react';

export { createStore, type Store } from '@adopt/live/browser';

/** Follows a store (the connection state, toasts, the route) from a component. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
