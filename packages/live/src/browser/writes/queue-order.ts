import { isUnanswered, type Write } from './write.ts';

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

/** A committed write the stream has passed (its records are in the cache), or one that changed nothing it shows. */
function hasPassed(write: Write, streamPosition: number): boolean {
  return write.state === 'committed' && !(typeof write.lastEventId === 'number' && write.lastEventId > streamPosition);
}

/**
 * Drops the writes the stream has passed. One stays, marked `passed`, while a later write is still unanswered:
 * the records it created are its own, and a later identical write must not take one of them for its record
 * (overlay.ts). Returns the same array when nothing changed, so a view need not render again.
 */
export function withoutPassed(writes: readonly Write[], streamPosition: number): readonly Write[] {
  const lastUnanswered = writes.findLastIndex(isUnanswered);
  let changed = false;
  const kept: Write[] = [];
  writes.forEach((write, index) => {
    if (!hasPassed(write, streamPosition)) kept.push(write);
    else if (index < lastUnanswered) kept.push(write.passed ? write : { ...write, passed: true });
    if (kept.at(-1) !== write) changed = true;
  });
  return changed ? kept : writes;
}

/** The writes not yet on the stream, refused ones aside: what a view waits for to settle. */
export function unsettledCount(writes: readonly Write[]): number {
  return writes.filter((write) => write.state !== 'failed' && !write.passed).length;
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
  return writes.filter((write) => write.held && isUnanswered(write)).length;
}
