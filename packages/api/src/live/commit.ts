import type { Database } from '@adopt/db';
import { commitLive, type LiveTx, readSnapshot as readLiveSnapshot, type Snapshot } from '@adopt/live/commit';
import type { Kysely } from 'kysely';
import type { Services } from '../services.ts';
import { type AudienceInput, type Topic, topicDefinition } from '../topics/index.ts';
import { type Audience, NOBODY } from './audience.ts';
import { writesOf } from './exactly-once.ts';
import type { ControlEvent, LiveEvent } from './topics.ts';

export type { Snapshot };

type Upsert<T extends Topic> = Extract<LiveEvent<T>, { record: unknown }>;
type Deletion<T extends Topic> = Extract<LiveEvent<T>, { type: 'deleted' }>;

/** The app's write transaction: emit is typed per topic, so a deletion must say what the record was. */
export interface Tx extends Omit<LiveTx<Database, LiveEvent, ControlEvent>, 'emit'> {
  /** Records the change; its audience follows from the record, by the topic's own rule. */
  emit<T extends Topic>(event: Upsert<T>): Promise<number>;
  /** A deletion carries only the id: `last` is the record as it was, for the audience rule alone. */
  emit<T extends Topic>(event: Deletion<T>, last: AudienceInput<T>): Promise<number>;
}

function audienceOf(event: LiveEvent, last?: unknown): Audience {
  const rule = topicDefinition(event.topic).audience as (record: unknown) => Audience;
  return rule('record' in event ? event.record : last);
}

/** Runs `work` in one transaction with its events, then wakes the bus so subscribers see them at once. */
export function commitChanges<T>(services: Services, work: (tx: Tx) => Promise<T>): Promise<T> {
  const { db, dialect, bus } = services;
  return commitLive<Database, LiveEvent, ControlEvent, Audience, T>(
    { db, dialect, bus, audienceOf, serversOnly: NOBODY, writes: writesOf(services) },
    work,
  );
}

/** Reads rows and the event id they reflect in one consistent transaction. */
export function readSnapshot<T>(services: Services, read: (db: Kysely<Database>) => Promise<T>): Promise<Snapshot<T>> {
  return readLiveSnapshot(services.db, read);
}
