import type { Write } from './write.ts';

/** Writes in the order they were made; the key breaks a tie between two tabs acting in the same millisecond. */
export function byOrder(a: Write, b: Write): number {
  return a.at - b.at || a.key.localeCompare(b.key);
}

/**
 * The next write to send, or undefined: strictly one at a time, in order, so an unlike never overtakes its like.
 * A failed write does not hold back the rest.
 */
export function nextToSend(writes: readonly Write[]): Write | undefined {
  for (const write of writes) {
    if (write.state === 'sending') return undefined;
    if (write.state === 'new') return write;
  }
  return undefined;
}

/**
 * Drops the writes the stream has passed (their records are in the cache now) and those that changed nothing a
 * stream shows. Returns the same array when nothing went, so a view need not render again.
 */
export function withoutPassed(writes: readonly Write[], streamPosition: number): readonly Write[] {
  const kept = writes.filter(
    (write) =>
      write.state !== 'committed' || (typeof write.lastEventId === 'number' && write.lastEventId > streamPosition),
  );
  return kept.length === writes.length ? writes : kept;
}

/**
 * This tab's writes after reading the queue again from IndexedDB: the stored rows are the truth for what is
 * still to send, except that a write this tab has on the wire stays `sending`. A write missing from the store
 * stays unless it failed (dismissed elsewhere): a committed one until the stream passes it, so its row does not
 * blink out and back; a new one because it may not be stored yet (the sender announces a commit before it
 * deletes the row, so a write committed elsewhere is already marked committed here).
 */
export function mergeStored(memory: readonly Write[], stored: readonly Write[]): Write[] {
  const mine = new Map(memory.map((write) => [write.key, write]));
  const merged = stored.map((row) => {
    const known = mine.get(row.key);
    return known && (known.state === 'sending' || known.state === 'committed') ? known : row;
  });
  const storedKeys = new Set(stored.map((row) => row.key));
  for (const write of memory) if (write.state !== 'failed' && !storedKeys.has(write.key)) merged.push(write);
  return merged.sort(byOrder);
}

/** The writes still to be sent that could not reach the server: what "2 changes waiting to be sent" counts. */
export function waitingCount(writes: readonly Write[]): number {
  return writes.filter((write) => write.held && (write.state === 'new' || write.state === 'sending')).length;
}
