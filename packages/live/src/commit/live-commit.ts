import type { Kysely } from 'kysely';
import type { IdempotentWrites } from '../idempotency/idempotent-writes.ts';
import { appendEvent, lockEventLog, notifyEventLogListeners } from '../log/event-log.ts';

/** What the log needs of an event: the rest of it is the app's payload, stored as JSON. */
export interface LoggedEvent {
  topic: string;
  type: string;
  id: string;
}

/** A write transaction that records its events beside its changes (a transactional outbox). */
export interface LiveTx<DB, E extends LoggedEvent, C extends LoggedEvent> {
  db: Kysely<DB>;
  /** Appends the event with the audience the app's rule derives; `last` is a deleted record as it was. */
  emit(event: E, last?: unknown): Promise<number>;
  /** Appends an event for the servers alone (session ends, role changes). */
  control(event: C): Promise<number>;
}

export interface LiveCommitOptions<DB, E extends LoggedEvent, A> {
  db: Kysely<DB>;
  dialect: 'sqlite' | 'postgres';
  /** The app's audience rule: who may receive an event, from its record (or, for a deletion, `last`). */
  audienceOf(event: E, last?: unknown): A;
  /** A scoped topic's scope fields as JSON (e.g. `{"postId":"p1"}`), logged so scoped subscriptions can filter. */
  scopeOf?(event: E, last?: unknown): string | null;
  /** The event as every viewer receives it, e.g. without the fields that differ per viewer. */
  broadcastForm?(event: E): E;
  /** The audience of a control event, which no subscriber receives. */
  serversOnly: A;
  /** Told after a commit that appended events, so subscribers see them at once. */
  bus: { wake(): Promise<void> };
  /** Stores the mutation's idempotency key and result in this same transaction, when it has one. */
  writes?: Pick<IdempotentWrites, 'claim' | 'record'>;
}

/** Runs `work` in one transaction with its events, then wakes the bus. */
export async function commitLive<DB, E extends LoggedEvent, C extends LoggedEvent, A, T>(
  { db, dialect, audienceOf, scopeOf, broadcastForm, serversOnly, bus, writes }: LiveCommitOptions<DB, E, A>,
  work: (tx: LiveTx<DB, E, C>) => Promise<T>,
): Promise<T> {
  let lastId = 0;
  const postgres = dialect === 'postgres';
  const result = await db.transaction().execute(async (trx) => {
    // Before the event-log lock: a duplicate running on another instance is refused at once, not queued.
    await writes?.claim(trx);
    if (postgres) await lockEventLog(trx);
    const append = async (event: LoggedEvent, audience: A, scope: string | null = null) => {
      lastId = await appendEvent(trx, {
        topic: event.topic,
        type: event.type,
        recordId: event.id,
        payload: JSON.stringify(event),
        audience: JSON.stringify(audience),
        scope,
      });
      return lastId;
    };
    const value = await work({
      db: trx,
      emit: (event, last) =>
        append(broadcastForm?.(event) ?? event, audienceOf(event, last), scopeOf?.(event, last) ?? null),
      control: (event) => append(event, serversOnly),
    });
    await writes?.record(trx, value, lastId);
    // Other instances hear of it through LISTEN; PostgreSQL sends the notification only on commit.
    if (postgres && lastId > 0) await notifyEventLogListeners(trx, lastId);
    return value;
  });
  if (lastId > 0) await bus.wake();
  return result;
}
