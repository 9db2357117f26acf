import type { UserRecord } from '@adopt/api';

/** Who is signed in, as one tab tells the others: they share the session cookie, so they share the session. */
export type SessionChange = { kind: 'signed-in'; user: UserRecord } | { kind: 'signed-out'; notice: string };

export interface SessionTabs {
  announce(change: SessionChange): void;
}

/**
 * Tells the other tabs of this browser when the person logs in or out here. Without BroadcastChannel the
 * other tabs learn it as before: their streams and calls are refused with UNAUTHORIZED.
 */
export function createSessionTabs(heard: (change: SessionChange) => void): SessionTabs {
  if (typeof BroadcastChannel !== 'function') return { announce: () => {} };
  const channel = new BroadcastChannel('adopt-session');
  channel.onmessage = (event: MessageEvent<SessionChange>) => heard(event.data);
  return { announce: (change) => channel.postMessage(change) };
}
