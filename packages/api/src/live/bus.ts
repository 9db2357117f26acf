import { type Database, readEventLogBounds, readEventsAfter } from '@adopt/db';
import {
  EventBus,
  type EventBusOptions,
  type ViewerState as LiveViewerState,
  type Subscription,
  SubscriptionEnded,
} from '@adopt/live';
import type { Kysely } from 'kysely';
import { asDatabaseUnavailable } from '../database-unavailable.ts';
import { type Audience, canSee, onlyUsers, type ViewerRights } from './audience.ts';
import type { ControlEvent } from './topics.ts';

/** What the bus knows of a subscriber: session and role, updated in place when either changes. */
export interface ViewerState extends LiveViewerState, ViewerRights {
  /** The tabs of this session showing the live figures (see watchStats); gone with the stream. */
  statsTabs: Set<string>;
}

export type AppEventBus = EventBus<ViewerState, Audience>;

export type AppEventBusOptions = Omit<
  EventBusOptions<ViewerState, Audience>,
  'log' | 'audiences' | 'onControl' | 'onViewerConnected' | 'onViewerDisconnected'
>;

/** Told of each signed-in person's streams opening and closing on this instance (presence). */
export interface StreamWatcher {
  connected(userId: string): void;
  disconnected(userId: string): void;
}

/** Session ends and role changes, written by any instance, re-checked against this one's open streams. */
function applyControl(event: unknown, subscriptions: Iterable<Subscription<ViewerState>>): void {
  const control = event as ControlEvent;
  for (const sub of subscriptions) {
    if (control.topic === '$session' && sub.viewer.sessionId === control.id) {
      sub.end(new SubscriptionEnded('session-ended'));
    } else if (control.topic === '$user' && sub.viewer.userId === control.id) {
      if (control.type === 'deleted') sub.end(new SubscriptionEnded('session-ended', control.message));
      else sub.viewer.role = control.role;
    } else if (control.topic === '$stats' && sub.viewer.sessionId === control.id) {
      if (control.open) sub.viewer.statsTabs.add(control.tab);
      else sub.viewer.statsTabs.delete(control.tab);
    }
  }
}

/** A failed read of the log reaches the client as SERVICE_UNAVAILABLE with a plain message, the cause kept for the log. */
function orUnavailable<T>(read: Promise<T>): Promise<T> {
  return read.catch((error: unknown) => {
    throw asDatabaseUnavailable(error) ?? error;
  });
}

/** The bus of this app: its event log, its audience rule, its control events. */
export function createEventBus(
  db: Kysely<Database>,
  options: AppEventBusOptions = {},
  watcher?: StreamWatcher,
): AppEventBus {
  return new EventBus<ViewerState, Audience>({
    ...options,
    onViewerConnected: ({ viewer }) => {
      if (viewer.userId !== null) watcher?.connected(viewer.userId);
    },
    onViewerDisconnected: ({ viewer }) => {
      if (viewer.userId !== null) watcher?.disconnected(viewer.userId);
    },
    log: {
      bounds: () => orUnavailable(readEventLogBounds(db)),
      after: (id, limit) => orUnavailable(readEventsAfter(db, id, limit)),
    },
    audiences: { canSee, onlyUsers },
    onControl: applyControl,
  });
}
