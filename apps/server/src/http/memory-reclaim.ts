import v8 from 'node:v8';
import vm from 'node:vm';

export interface MemoryReclaimOptions {
  /** How many live connections there are now. */
  connections(): number;
  /** Collect once at least this many connections, and half of the most there were, have closed. */
  closedAtLeast?: number;
  checkEveryMs?: number;
  /** Told after each collection, with how many connections closed since the last look. */
  onCollect?(closed: number): void;
}

/**
 * V8 collects garbage only when JavaScript allocates, so a server that goes quiet after a flood of
 * streams keeps every closed connection's objects: about 90 MB after 10,000 (docs/reliability.md).
 * When many connections have closed since the last look, this runs one full collection, which also
 * hands the emptied heap pages back to the system. Returns a function that stops it.
 */
export function reclaimMemoryAfterFloods(options: MemoryReclaimOptions): () => void {
  const closedAtLeast = options.closedAtLeast ?? 1000;
  // The one way to run a collection from inside: the flag only makes `gc` visible to new contexts.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let peak = options.connections();
  const timer = setInterval(() => {
    const now = options.connections();
    // At least half gone, so a server that keeps many streams through steady churn does not pause often.
    if (peak - now >= closedAtLeast && now <= peak / 2) {
      // Twice: the first runs the closed sockets' finalizers, which release what the second then frees.
      gc();
      gc();
      options.onCollect?.(peak - now);
      peak = now;
    } else peak = Math.max(peak, now);
  }, options.checkEveryMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
