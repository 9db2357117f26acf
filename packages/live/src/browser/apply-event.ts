import type { AnyLiveEvent } from './events.ts';
import type { ListSpec } from './list-spec.ts';

/** What every list query returns: its rows and the newest event id they reflect. */
export interface Snapshot<T = { id: string }> {
  items: T[];
  lastEventId: string;
}

/** An infinite query's cache entry: one snapshot per page. */
export interface Pages<T = { id: string }> {
  pages: Snapshot<T>[];
  pageParams: unknown[];
}

export interface Applied<D> {
  data: D;
  /** The list keeps only its top rows and this change may have let another row in: fetch it again. */
  refetch: boolean;
}

type Row = { id: string };

/**
 * A paged answer (one with a nextCursor) is the start of a longer list, not a top-N: a row written since, like a
 * new comment at the end of an oldest-first thread, belongs in it, so the list grows until its next refetch.
 */
function isPage(snapshot: Snapshot<Row>): boolean {
  return 'nextCursor' in snapshot;
}

function reflects(snapshot: Snapshot<Row>, eventId: number): boolean {
  return eventId <= Number(snapshot.lastEventId);
}

/**
 * Applies one live event to a list snapshot: upsert on created/updated, remove on deleted, in the list's order.
 * An event the snapshot already reflects (id <= its lastEventId) leaves it untouched, so a replay never doubles.
 */
export function applyToSnapshot<S extends Snapshot<Row>>(
  snapshot: S,
  eventId: number,
  event: AnyLiveEvent,
  spec: ListSpec,
  limit?: number,
): Applied<S> {
  if (reflects(snapshot, eventId)) return { data: snapshot, refetch: false };
  const lastEventId = String(eventId);
  const index = snapshot.items.findIndex((item) => item.id === event.id);
  const full = limit !== undefined && snapshot.items.length >= limit;
  if (event.type === 'deleted') {
    if (index < 0) return { data: snapshot, refetch: false };
    const items = snapshot.items.filter((item) => item.id !== event.id);
    return { data: { ...snapshot, items, lastEventId }, refetch: full };
  }
  const record = event.record as Row;
  // Merged, not replaced: a live record leaves out the fields that differ per viewer (a post's likedByMe).
  const items =
    index < 0 ? [...snapshot.items, record] : snapshot.items.with(index, { ...snapshot.items[index], ...record });
  items.sort(spec.compare as (a: Row, b: Row) => number);
  const kept = limit === undefined || isPage(snapshot) ? items : items.slice(0, limit);
  // A row that was in a full top-N list and sank to its bottom may now rank below one we never fetched.
  const sankToBottom = full && index >= 0 && kept.at(-1)?.id === event.id;
  return { data: { ...snapshot, items: kept, lastEventId }, refetch: sankToBottom };
}

/**
 * The paged feed: each page is its own snapshot with its own lastEventId. New rows go to the first page;
 * updates and deletes go to whichever page holds the row.
 */
export function applyToPages<P extends Pages<Row>>(data: P, eventId: number, event: AnyLiveEvent, spec: ListSpec): P {
  let changed = false;
  const pages = data.pages.map((page, i) => {
    if (reflects(page, eventId)) return page;
    const holds = page.items.some((item) => item.id === event.id);
    if (!holds && !(i === 0 && event.type === 'created')) return page;
    changed = true;
    return applyToSnapshot(page, eventId, event, spec).data;
  });
  return changed ? { ...data, pages } : data;
}

export function isPages(data: unknown): data is Pages<Row> {
  return typeof data === 'object' && data !== null && Array.isArray((data as Pages).pages);
}

/**
 * The position a freshly loaded list reflects. For the paged feed that is its newest page: pages already in the
 * cache kept up with the stream (or carry an older id that the per-page guard handles), the new one did not.
 */
export function snapshotPosition(data: Snapshot<Row> | Pages<Row>): number {
  return isPages(data) ? Math.max(...data.pages.map((p) => Number(p.lastEventId))) : Number(data.lastEventId);
}

/** The oldest position any part of a cached list reflects: a stream starting here misses nothing it needs. */
export function oldestPosition(data: Snapshot<Row> | Pages<Row>): number {
  return isPages(data) ? Math.min(...data.pages.map((p) => Number(p.lastEventId))) : Number(data.lastEventId);
}
