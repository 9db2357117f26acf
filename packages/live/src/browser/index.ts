// @adopt/live/browser: the browser side of the live layer, generic over the app's topics and records.
export { type Applied, applyToPages, applyToSnapshot, type Pages, type Snapshot } from './apply-event.ts';
export { backoffDelay } from './backoff.ts';
export { LiveCache, type LiveCacheOptions } from './cache-sync.ts';
export {
  LiveConnection,
  type LiveConnectionOptions,
  type LiveStatus,
  type OpenStream,
  type StreamHandlers,
} from './connection.ts';
export type { AnyLiveEvent, LiveEventOf, LiveMessageOf } from './events.ts';
export { inScope, type ListSpec, type ListSpecs, queryInput, queryPath } from './list-spec.ts';
export { createStore, type Store } from './store.ts';
export { LiveTabs, type LiveTabsOptions } from './tabs/live-tabs.ts';
export { type CatchUp, type Numbered, RecentEvents } from './tabs/recent-events.ts';
export type { TabRole } from './tabs/shared-stream.ts';
export * from './writes/index.ts';
