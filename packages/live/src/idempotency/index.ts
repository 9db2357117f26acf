// @adopt/live/idempotency: exactly-once mutations with IETF Idempotency-Key semantics.

export { KEY_LIFETIME_MS } from '../browser/writes/key-lifetime.ts';
export { IdempotentWrites, type WriteOutcome, type WriteRequest } from './idempotent-writes.ts';
export { purgeIdempotencyKeys } from './key-store.ts';
export { idempotencyKeysMigration } from './migration.ts';
export type { IdempotencyKeyTable } from './tables.ts';
