import type { IdempotencyKeyTable } from '../idempotency/tables.ts';

// The live layer's own tables. Columns are snake_case in the database; apps read them through
// Kysely's CamelCasePlugin, as these names assume.

export interface EventLogTable {
  /** Handed out from event_log_state under its row lock, so ids commit in order on every dialect. */
  id: number;
  topic: string;
  type: string;
  recordId: string;
  /** The serialised live event, exactly as subscribers receive it. */
  payload: string;
  /** The serialised audience: who may receive this event. */
  audience: string;
  /** The serialised scope fields of an event on a scoped topic, so a deletion reaches its scope too. */
  scope: string | null;
  createdAt: string;
}

export interface EventLogStateTable {
  id: number;
  lastId: number;
  /** Every id at or below this one has been trimmed; resuming from before it needs a resync. */
  trimmedThrough: number;
}

/** What an app's database must hold for the live layer: its Database interface extends this. */
export interface LiveTables {
  eventLog: EventLogTable;
  eventLogState: EventLogStateTable;
  idempotencyKey: IdempotencyKeyTable;
}

export type EventLogRow = EventLogTable;
