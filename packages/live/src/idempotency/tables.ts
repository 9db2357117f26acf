/** One mutation's idempotency key, written in the same transaction as the mutation's changes. */
export interface IdempotencyKeyTable {
  /** Who sent it ('' for a signed-out caller): a key is bound to its viewer. */
  owner: string;
  key: string;
  /** A hash of the procedure path and its input: the same key with another request is refused. */
  fingerprint: string;
  /** The serialised result the first request answered, returned again to every retry. */
  result: string;
  /** The newest live event the mutation's commit appended, or null when it appended none. */
  eventId: number | null;
  createdAt: string;
}
