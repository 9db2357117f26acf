/**
 * One action a person took, from the click until the live stream shows its commit. The fields up to `state`
 * are what is kept in IndexedDB: enough to send it again, with the same key, after a reload.
 */
export interface Write {
  /** The Idempotency-Key, made when the person acted: every resend carries it, so it lands once. */
  key: string;
  userId: string;
  /** The tRPC path of the mutation (`posts.create`) and its input. */
  path: string;
  input: unknown;
  /** What the screen showed when the person acted (a like count), for rules that need it; JSON. */
  seen: unknown;
  /** Order of acting, across tabs: writes are sent in this order. */
  at: number;
  state: WriteState;
  /** The server could not be reached for it at least once: the screen marks it as waiting. */
  held: boolean;
  /** When it first went on the wire: its key is good for as long as the server keeps keys from then on. */
  sentAt?: number;
  /** The server's answer and the event id its commit produced (null: it changed nothing a stream shows). */
  result?: unknown;
  lastEventId?: number | null;
  /** Why the server refused it, in words for the person. */
  error?: string;
  /** On the stream already, kept only so that a later identical write does not take its record (queue-order.ts). */
  passed?: boolean;
}

/** new: not sent yet; sending: on the wire; committed: answered, waiting for the stream; failed: refused. */
export type WriteState = 'new' | 'sending' | 'committed' | 'failed';

/** A change the screen shows before the server has it, in the live event's own terms. */
export type OptimisticChange =
  | {
      topic: string;
      type: 'created';
      id: string;
      record: object;
      /**
       * Whether a row in the list is the one this write creates: the stream can bring the real record before
       * the answer tells its id, and the two must not both show.
       */
      matches?: (row: any) => boolean;
    }
  | { topic: string; type: 'updated'; id: string; update: (row: any) => object }
  | { topic: string; type: 'deleted'; id: string };

export interface WriteContext<Result = unknown> {
  key: string;
  userId: string;
  seen: unknown;
  /** The server's answer, once it came: a created record can then take its real id (no double entry). */
  result: Result | undefined;
}

/** How one mutation shows on screen before the server confirms it. */
export interface WriteRule<Input = any, Result = any> {
  optimistic(input: Input, context: WriteContext<Result>): OptimisticChange[];
  /** The answer came: put into the cache what the stream will not carry (per-viewer fields, like likedByMe). */
  committed?(result: Result, input: Input): void;
}

/** The app's mutations by tRPC path; a path without a rule is sent in order but shows nothing early. */
export type WriteRules = Readonly<Record<string, WriteRule>>;

/** The marker an overlaid row carries, for the screen to show "waiting to be sent". */
export interface Pending {
  pendingWrite?: { state: WriteState; held: boolean };
}

/** Not answered yet: still to send, or on the wire. */
export function isUnanswered(write: Write): boolean {
  return write.state === 'new' || write.state === 'sending';
}

export function isActive(write: Write): boolean {
  return write.state !== 'failed';
}
