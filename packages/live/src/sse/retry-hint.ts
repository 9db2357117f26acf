/**
 * How long a client waits before it reconnects a stream the server ended (shutdown, failover, a cut),
 * sent as SSE's `retry:` field. Each connection gets one of the values in [MIN, MIN + SPREAD): thousands of
 * clients then come back spread over that window, not in the same instant, and all within a second.
 */
export const RETRY_HINT_MS = { min: 250, spread: 750 } as const;

/** The hints handed out, every 10 ms of the window: a frame for each is built once, not per connection. */
export const RETRY_HINTS_MS: readonly number[] = Array.from(
  { length: RETRY_HINT_MS.spread / 10 },
  (_, i) => RETRY_HINT_MS.min + i * 10,
);
