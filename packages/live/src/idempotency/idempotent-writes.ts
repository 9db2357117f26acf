import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { findStoredKey, insertStoredKey, type StoredKey, tryLockKey, updateStoredResult } from './key-store.ts';

export interface WriteRequest {
  /** The client's Idempotency-Key, if it sent one. */
  key: string | undefined;
  /** Who is writing ('' when signed out): a key is bound to its owner. */
  owner: string;
  /** What is asked, e.g. the procedure path and its raw input: a key reused for another request is refused. */
  request: unknown;
  /**
   * For a write whose answer holds a credential (a session token): the key row never keeps the answer, and a
   * retry gets what this returns instead of a stored result. It must check the caller as the first try did.
   */
  answerAgain?: () => Promise<unknown>;
  /**
   * Whether the writer's own stream receives an event of this audience (the app's audience rule, against the
   * writer). The answer's event id is the newest the writer will see, so the client never waits for one that
   * does not come to it (a notification for someone else). Without it: the newest event of the commit.
   */
  sees?: (audience: unknown) => boolean;
}

export interface WriteOutcome<T> {
  value: T;
  /** The newest live event of this write's commit that the writer sees (null if none), for the client to wait for. */
  eventId: string | null;
}

/** One mutation in progress; the commit inside it finds it through async context. */
interface WriteScope {
  owner: string;
  key: string | undefined;
  fingerprint: string;
  /** The key row is written (by the first commit in the write, or after it for a write without one). */
  stored: string | null;
  eventId: number | null;
  done: boolean;
  /** False for a write answered again on a retry (see `answerAgain`): its row keeps no result. */
  keepsResult: boolean;
  sees: ((audience: unknown) => boolean) | undefined;
}

/** One event a commit appended: its id, and who may receive it. */
export interface AppendedEvent {
  id: number;
  audience: unknown;
}

/** The request was already answered: its row committed while this attempt was on its way. */
class AlreadyStored extends Error {}

/** The framework around the work may wrap what the commit threw (tRPC does), so the cause chain is searched. */
function isAlreadyStored(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof AlreadyStored) return true;
  return false;
}

const MAX_KEY_LENGTH = 255;
// The result column of a write answered again on a retry: its answer holds a secret, so it is not kept.
const NOT_KEPT = 'null';
// Printable ASCII without spaces, as a header value can carry it unchanged (UUIDs, ULIDs, random strings).
const KEY_PATTERN = /^[\x21-\x7e]+$/;

function fingerprintOf(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(request) ?? 'undefined')
    .digest('base64url');
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Idempotency-Key: must be 1-${MAX_KEY_LENGTH} printable characters without spaces, e.g. a UUID.`,
    });
  }
}

/**
 * Exactly-once writes (IETF Idempotency-Key semantics): a retry with the same key, owner and request gets the
 * stored result and changes nothing; the key row is written in the write's own transaction (see `claim` and
 * `record`, which the commit calls), so a crash between commit and response loses neither.
 */
export class IdempotentWrites {
  readonly #running = new Set<string>();
  readonly #scope = new AsyncLocalStorage<WriteScope>();

  constructor(
    private readonly db: Kysely<any>,
    private readonly dialect: 'sqlite' | 'postgres',
    /** Told a keyed write's key right after its work (and commit), before anything else: a test fault point. */
    private readonly afterWork?: (key: string) => void,
  ) {}

  async run<T>(
    { key, owner, request, answerAgain, sees }: WriteRequest,
    work: () => Promise<T>,
  ): Promise<WriteOutcome<T>> {
    const scope: WriteScope = {
      owner,
      key,
      fingerprint: '',
      stored: null,
      eventId: null,
      done: false,
      keepsResult: answerAgain === undefined,
      sees,
    };
    if (key === undefined) return this.#perform(scope, work);
    checkKey(key);
    scope.fingerprint = fingerprintOf(request);
    const running = `${owner}\u0000${key}`;
    // On SQLite writes queue behind one lock, so only this set can tell that the first is still running.
    if (this.#running.has(running)) throw conflict(key);
    this.#running.add(running);
    try {
      const stored = await findStoredKey(this.db, owner, key);
      if (stored) return await replay<T>(stored, scope, answerAgain);
      const outcome = await this.#perform(scope, work);
      this.afterWork?.(key);
      const result = answerAgain ? NOT_KEPT : JSON.stringify(outcome.value ?? null);
      if (scope.stored === null) {
        // A write without a commit of its own (e.g. a login): its key is stored after it.
        await insertStoredKey(this.db, { ...keyRow(scope, result), eventId: scope.eventId });
      } else if (!answerAgain && scope.stored !== result) {
        await updateStoredResult(this.db, owner, key, result);
      }
      return outcome;
    } catch (error) {
      if (!isAlreadyStored(error)) throw error;
      const stored = await findStoredKey(this.db, owner, key);
      if (!stored) throw error;
      return await replay<T>(stored, scope, answerAgain);
    } finally {
      this.#running.delete(running);
    }
  }

  async #perform<T>(scope: WriteScope, work: () => Promise<T>): Promise<WriteOutcome<T>> {
    try {
      const value = await this.#scope.run(scope, work);
      return { value, eventId: scope.eventId === null ? null : String(scope.eventId) };
    } finally {
      // Work the write started in the background (a job) commits later, outside the write.
      scope.done = true;
    }
  }

  /**
   * First thing in a commit's transaction: on PostgreSQL, a duplicate running on another instance gets CONFLICT;
   * a key that committed meanwhile ends this attempt, which then answers the stored result.
   */
  async claim(trx: Kysely<any>): Promise<void> {
    const scope = this.#scope.getStore();
    if (!scope || scope.done || scope.key === undefined || scope.stored !== null) return;
    if (this.dialect === 'postgres' && !(await tryLockKey(trx, scope.owner, scope.key))) throw conflict(scope.key);
    if (await findStoredKey(trx, scope.owner, scope.key)) throw new AlreadyStored();
  }

  /**
   * Last thing in a commit's transaction: stores the key with what the commit returned and the newest of its
   * events the writer sees.
   */
  async record(trx: Kysely<any>, value: unknown, appended: readonly AppendedEvent[]): Promise<void> {
    const scope = this.#scope.getStore();
    if (!scope || scope.done) return;
    const seen = appended.findLast((event) => scope.sees?.(event.audience) ?? true);
    if (seen) scope.eventId = seen.id;
    if (scope.key === undefined || scope.stored !== null) return;
    const result = scope.keepsResult ? JSON.stringify(value ?? null) : NOT_KEPT;
    await insertStoredKey(trx, { ...keyRow(scope, result), eventId: scope.eventId });
    scope.stored = result;
  }
}

function keyRow(scope: WriteScope, result: string) {
  return {
    owner: scope.owner,
    key: scope.key as string,
    fingerprint: scope.fingerprint,
    result,
    createdAt: new Date().toISOString(),
  };
}

async function replay<T>(
  stored: StoredKey,
  scope: WriteScope,
  answerAgain: (() => Promise<unknown>) | undefined,
): Promise<WriteOutcome<T>> {
  if (stored.fingerprint !== scope.fingerprint) {
    throw new TRPCError({
      code: 'UNPROCESSABLE_CONTENT',
      message: `Idempotency-Key "${scope.key}" was already used for a different request. Use a new key for a new request.`,
    });
  }
  const eventId = stored.eventId === null ? null : String(stored.eventId);
  if (answerAgain) return { value: (await answerAgain()) as T, eventId };
  return { value: JSON.parse(stored.result) as T, eventId };
}

function conflict(key: string): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: `A request with Idempotency-Key "${key}" is still running. Wait for its answer, then retry.`,
  });
}
