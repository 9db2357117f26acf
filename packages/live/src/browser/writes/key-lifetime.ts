/**
 * How long the server keeps an Idempotency-Key and its answer: at least 24 hours, as the IETF draft asks. Within
 * it a resend lands once; after it, a write whose first send may have landed is not sent again.
 */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
