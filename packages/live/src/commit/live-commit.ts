import type { Kysely } from 'kysely';
import type { IdempotentWrites } from '../idempotency/idempotent-writes.ts';
import { appendEvents, type NewLogEntry, notifyEventLogListeners } from '../log/event-log.ts';

/** What the log needs of an event: the rest of it is the app's payload, stored as JSON. */
export interface LoggedEvent {
  topic: string;
  type: string;
  id: string;
}

/**
 * A write transaction that records its events beside its changes (a transactional outbox). Its events are
 * appended when the work is done, so an event carries a record as this transaction read it: lock the row a
 * record hangs on before reading it, or a writer that commits first could get the older id with the newer record.
 */
export interface LiveTx<DB, E extends LoggedEvent, C extends LoggedEvent> {
  db: Kysely<DB>;
  /** Records the event with the audience the app's rule derives; `last` is a deleted record as it was. */
  emit(event: E, last?: unknown): Promise<void>;
  /** Records an event for the servers alone (session ends, role changes). */
  control(event: C): Promise<void>;
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

/** PostgreSQL aborted the transaction so that another could go on: a deadlock, or a serialisation failure. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5;

function isRetryable(error: unknown): boolean {
  return RETRYABLE_CODES.has(String((error as { code?: unknown } | null)?.code));
}

/** Grows with each attempt, at random within it, so two writers that collided do not collide again in step. */
const retryDelay = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_BASE_MS * 2 ** attempt));

/**
 * Runs `work` in one transaction with its events, then wakes the bus. A transaction PostgreSQL aborts to break a
 * deadlock is run again from the start (a few times), so `work` must do everything through `tx`.
 */
export async function commitLive<DB, E extends LoggedEvent, C extends LoggedEvent, A, T>(
  options: LiveCommitOptions<DB, E, A>,
  work: (tx: LiveTx<DB, E, C>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(options, work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await retryDelay(attempt);
    }
  }
}

async function commitOnce<DB, E extends LoggedEvent, C extends LoggedEvent, A, T>(
  { db, dialect, audienceOf, scopeOf, broadcastForm, serversOnly, bus, writes }: LiveCommitOptions<DB, E, A>,
  work: (tx: LiveTx<DB, E, C>) => Promise<T>,
): Promise<T> {
  let lastId = 0;
  const result = await db.transaction().execute(async (trx) => {
    await writes?.claim(trx);
    const entries: NewLogEntry[] = [];
    const audiences: A[] = [];
    const record = (event: LoggedEvent, audience: A, scope: string | null = null) => {
      audiences.push(audience);
      const payload = JSON.stringify(event);
      entries.push({
        topic: event.topic,
        type: event.type,
        recordId: event.id,
        payload,
        audience: JSON.stringify(audience),
        scope,
      });
      return Promise.resolve();
    };
    const value = await work({
      db: trx,
      emit: (event, last) =>
        record(broadcastForm?.(event) ?? event, audienceOf(event, last), scopeOf?.(event, last) ?? null),
      control: (event) => record(event, serversOnly),
    });
    // The log's lock is taken here and held to the commit: only the append, the key and the commit wait for it.
    lastId = await appendEvents(trx, entries);
    const firstId = lastId - entries.length + 1;
    await writes?.record(
      trx,
      value,
      audiences.map((audience, i) => ({ id: firstId + i, audience })),
    );
    // Other instances hear of it through LISTEN; PostgreSQL sends the notification only on commit.
    if (dialect === 'postgres' && lastId > 0) await notifyEventLogListeners(trx, lastId);
    return value;
  });
  if (lastId > 0) await bus.wake();
  return result;
}
