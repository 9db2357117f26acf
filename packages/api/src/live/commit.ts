import type { Database } from '@adopt/db';
import { commitLive, type LiveTx, readSnapshot as readLiveSnapshot, type Snapshot } from '@adopt/live/commit';
import type { Kysely } from 'kysely';
import type { Services } from '../services.ts';
import { type LastRecord, type Topic, topicDefinition } from '../topics/index.ts';
import { type Audience, NOBODY } from './audience.ts';
import type { ControlEvent, LiveEvent } from './topics.ts';

export type { Snapshot };

type Upsert<T extends Topic> = Extract<LiveEvent<T>, { record: unknown }>;
type Deletion<T extends Topic> = Extract<LiveEvent<T>, { type: 'deleted' }>;

/** The app's write transaction: emit is typed per topic, so a deletion must say what the record was. */
export interface Tx extends Omit<LiveTx<Database, LiveEvent, ControlEvent>, 'emit'> {
  /** Records the change; its audience follows from the record, by the topic's own rule. */
  emit<T extends Topic>(event: Upsert<T>): Promise<void>;
  /** A deletion carries only the id: `last` is the record as it was, for the audience rule and the scope. */
  emit<T extends Topic>(event: Deletion<T>, last: LastRecord<T>): Promise<void>;
}

function audienceOf(event: LiveEvent, last?: unknown): Audience {
  const rule = topicDefinition(event.topic).audience as (record: unknown) => Audience;
  return rule('record' in event ? event.record : last);
}

/** The event as every viewer may receive it: the record without the fields that differ per viewer. */
function broadcastForm(event: LiveEvent): LiveEvent {
  const fields = topicDefinition(event.topic).perViewer;
  if (!fields || !('record' in event)) return event;
  const record: Record<string, unknown> = { ...event.record };
  for (const field of fields) delete record[field];
  return { ...event, record } as LiveEvent;
}

/** A scoped topic's scope fields, read from the record (or, for a deletion, the record as it last was). */
function scopeOf(event: LiveEvent, last?: unknown): string | null {
  const fields = topicDefinition(event.topic).scope;
  if (!fields) return null;
  const record = ('record' in event ? event.record : last) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field, record[field]])));
}

/** Runs `work` in one transaction with its events, then wakes the bus so subscribers see them at once. */
export function commitChanges<T>(services: Services, work: (tx: Tx) => Promise<T>): Promise<T> {
  const { db, dialect, bus } = services;
  return commitLive<Database, LiveEvent, ControlEvent, Audience, T>(
    { db, dialect, bus, audienceOf, scopeOf, broadcastForm, serversOnly: NOBODY, writes: services.writes },
    work,
  );
}

/** Reads rows and the event id they reflect in one consistent transaction. */
export function readSnapshot<T>(services: Services, read: (db: Kysely<Database>) => Promise<T>): Promise<Snapshot<T>> {
  return readLiveSnapshot(services.db, read);
}
