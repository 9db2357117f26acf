/** One event on its way to subscribers. `payload` is its JSON, serialised once and shared by all. */
export interface Delivery<E = unknown> {
  id: number;
  event: E;
  payload: string;
}

/** Sent instead of a replay when the requested lastEventId is older than the log keeps: refetch the snapshot. */
export interface ResyncEvent {
  type: 'resync';
  reason: string;
}

/** One row of the event log as the bus reads it: the event's and its audience's JSON. */
export interface LogRow {
  id: number;
  topic: string;
  payload: string;
  audience: string;
  /** The serialised scope (e.g. `{"postId":"p1"}`) of an event on a scoped topic; null or absent otherwise. */
  scope?: string | null;
}

/** Where the bus reads the log; the log is the source of truth, a wake-up only says "read again". */
export interface EventLogReader {
  bounds(): Promise<{ lastId: number; trimmedThrough: number }>;
  after(id: number, limit: number): Promise<LogRow[]>;
}
