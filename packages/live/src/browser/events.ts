import type { ResyncEvent } from '../delivery.ts';

/**
 * One record change as the browser receives it, for a map of topic names to their records. A deleted
 * record carries only its id.
 */
export type LiveEventOf<Records> = {
  [K in keyof Records & string]:
    | { topic: K; type: 'created' | 'updated'; id: string; record: Records[K] }
    | { topic: K; type: 'deleted'; id: string };
}[keyof Records & string];

/** Any record change, whatever the app's topics: what the cache needs to know of an event. */
export type AnyLiveEvent = LiveEventOf<Record<string, object>>;

/** What a live stream delivers: record changes, or word that the log no longer reaches back (refetch). */
export type LiveMessageOf<E extends AnyLiveEvent = AnyLiveEvent> = E | ResyncEvent;
