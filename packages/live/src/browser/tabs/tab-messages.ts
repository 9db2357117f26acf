import type { LiveStatus } from '../connection.ts';

/** What the tabs of one browser and one person say to each other over their BroadcastChannel. */
export type TabMessage<M> =
  /** Leader to all: one message of the stream, relayed as it arrived. */
  | { kind: 'event'; id: string; message: M }
  /** Leader to all: the true state of the browser's one connection. */
  | { kind: 'status'; status: LiveStatus }
  /** Leader to all: it took over and streams from `from`; `reset` when positions start over (restored log). */
  | { kind: 'leader'; from: string; reset: boolean }
  /** A joining tab to the leader: its snapshots reflect every event up to `from`. */
  | { kind: 'hello'; tab: string; from: string }
  /** Leader to one joining tab: what it missed, or that it must load fresh snapshots. */
  | { kind: 'catch-up'; tab: string; newest: string; status: LiveStatus; events?: { id: string; message: M }[] }
  /** A follower to the leader: the person asked to resume a paused stream, or to restart from a position. */
  | { kind: 'resume' }
  | { kind: 'restart'; from: string };
