/**
 * How long a client waits before it reconnects a stream the server ended (shutdown, failover, a cut),
 * sent as SSE's `retry:` field. Each connection gets its own value in [MIN, MIN + SPREAD): thousands of
 * clients then come back spread over that window, not in the same instant, and all within a second.
 */
export const RETRY_HINT_MS = { min: 250, spread: 750 } as const;

export function retryHintMs(random: () => number = Math.random): number {
  return RETRY_HINT_MS.min + Math.floor(random() * RETRY_HINT_MS.spread);
}
