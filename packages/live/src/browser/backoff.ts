/**
 * How long to wait before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * so that a restarted server is not hit by every tab at the same instant.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const baseMs = 500;
  const capMs = 15_000;
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
