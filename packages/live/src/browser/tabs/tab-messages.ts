import type { LiveStatus } from '../connection.ts';

/**
 * What the tabs of one browser and one person say to each other over their BroadcastChannel. `leader` is
 * the sending leader's tab: a leader that wakes after another took over is no longer listened to.
 * `browser` names the tabs' one stream to the server, so a takeover's stream replaces the old leader's.
 */
export type TabMessage<M> =
  /** Leader to all: one message of the stream, relayed as it arrived. */
  | { kind: 'event'; leader: string; id: string; message: M }
  /** Leader to all: the true state of the browser's one connection. */
  | { kind: 'status'; leader: string; status: LiveStatus }
  /** Leader to all: it took over and streams from `from`; `reset` when positions start over (restored log). */
  | { kind: 'leader'; leader: string; browser: string; from: string; reset: boolean }
  /** A joining tab to the leader: its snapshots reflect every event up to `from`. */
  | { kind: 'hello'; tab: string; from: string }
  /** Leader to one joining tab: what it missed, or that it must load fresh snapshots. */
  | {
      kind: 'catch-up';
      leader: string;
      browser: string;
      tab: string;
      newest: string;
      status: LiveStatus;
      events?: { id: string; message: M }[];
    }
  /**
   * A leader whose lock another tab took, when it runs again. Tabs that still follow it join afresh: when two
   * tabs take over at once, the other's `leader` message may have reached them first.
   */
  | { kind: 'stepped-down'; leader: string }
  /** A following tab that heard nothing for a while, to the leader; and the leader's answer. */
  | { kind: 'still-there' }
  | { kind: 'here'; leader: string }
  /** A follower to the leader: the person asked to resume a paused stream, or to restart from a position. */
  | { kind: 'resume' }
  | { kind: 'restart'; from: string };
