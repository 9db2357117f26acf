import type { ResyncEvent } from '@adopt/live';
import type { LiveRecords, Topic } from '../topics/index.ts';

export { TOPICS, type Topic, type TopicRecords } from '../topics/index.ts';

/** One record change, as every viewer receives it. A deleted record carries only its id. */
export type LiveEvent<T extends Topic = Topic> = {
  [K in T]:
    | { topic: K; type: 'created' | 'updated'; id: string; record: LiveRecords[K] }
    | { topic: K; type: 'deleted'; id: string };
}[T];

export type { ResyncEvent };

export type LiveMessage<T extends Topic = Topic> = LiveEvent<T> | ResyncEvent;

/**
 * Events that only the servers read: session ends and role changes, so every instance
 * re-checks its open streams against the viewer's current rights.
 */
export type ControlEvent =
  | { topic: '$session'; type: 'deleted'; id: string }
  | { topic: '$user'; type: 'updated'; id: string; role: 'member' | 'admin' }
  /** A ban: every stream of that person ends, saying why. */
  | { topic: '$user'; type: 'deleted'; id: string; message: string }
  /** An admin's tab opened or closed the live figures: the streams of that session count as watching them. */
  | { topic: '$stats'; type: 'updated'; id: string; tab: string; open: boolean };
