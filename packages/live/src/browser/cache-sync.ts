import { notifyManager, type Query, type QueryClient } from '@tanstack/query-core';
import {
  applyToPages,
  applyToSnapshot,
  isPages,
  oldestPosition,
  type Pages,
  type Snapshot,
  snapshotPosition,
} from './apply-event.ts';
import type { AnyLiveEvent } from './events.ts';
import { filteredOnServer, inScope, type ListSpec, type ListSpecs, queryInput, queryPath } from './list-spec.ts';

/** Events kept to replay onto snapshots that were in flight while they arrived. */
const BUFFER_SIZE = 2000;

interface Buffered {
  id: number;
  event: AnyLiveEvent;
}

type ListData = Snapshot | Pages;

export interface LiveCacheOptions {
  /** The app's list queries by tRPC path; every other query is left alone. */
  specs: ListSpecs;
  /** A snapshot is older than the stream even after a refetch (the database was replaced): start over from it. */
  onStale(eventId: number): void;
}

/**
 * Keeps every cached list query in step with the live stream. Each list carries the lastEventId it reflects;
 * an event at or below it is skipped, anything newer is applied in place with setQueryData (no refetch).
 * A snapshot that lands after some events already went by gets them replayed from a short buffer.
 */
export class LiveCache {
  /** The stream covers every event after this id; null until it starts. */
  private coveredFrom: number | null = null;
  /** Events after this id are all in the buffer (or were applied when they came). */
  private bufferFloor = 0;
  private buffer: Buffered[] = [];
  /** Queries fetched again because their snapshot was older than the stream: a second time means a reset. */
  private refetched = new WeakSet<Query>();

  constructor(
    private readonly queryClient: QueryClient,
    private readonly options: LiveCacheOptions,
  ) {}

  /** The spec of a list query, or undefined for any other query. */
  specOf(query: Pick<Query, 'queryKey'>): ListSpec | undefined {
    const path = queryPath(query);
    return path === undefined ? undefined : this.options.specs.get(path);
  }

  isList = (query: Pick<Query, 'queryKey'>): boolean => this.specOf(query) !== undefined;

  listQueries(): Query[] {
    return this.queryClient.getQueryCache().findAll({ predicate: this.isList });
  }

  /** The stream now delivers everything after `eventId`. */
  coverFrom(eventId: number): void {
    this.coveredFrom = eventId;
    this.bufferFloor = eventId;
    this.buffer = [];
  }

  /** Where a stream must start to cover every list in the cache; null while none has loaded. */
  startPosition(): number | null {
    const positions = this.listQueries()
      .map((query) => query.state.data as ListData | undefined)
      .filter((data) => data !== undefined)
      .map(oldestPosition);
    return positions.length === 0 ? null : Math.min(...positions);
  }

  reset(): void {
    this.coveredFrom = null;
    this.bufferFloor = 0;
    this.buffer = [];
  }

  apply(eventId: number, event: AnyLiveEvent): void {
    this.buffer.push({ id: eventId, event });
    if (this.buffer.length > BUFFER_SIZE) this.bufferFloor = this.buffer.shift()!.id;
    notifyManager.batch(() => {
      for (const query of this.listQueries()) {
        if (this.specOf(query)?.topic === event.topic) this.applyTo(query, [{ id: eventId, event }]);
      }
    });
  }

  /** The log was trimmed past our position: every list must load a fresh snapshot. */
  resync(eventId: number): void {
    this.coverFrom(eventId);
    void this.queryClient.invalidateQueries({ predicate: this.isList });
  }

  /** A list query has just loaded a snapshot from the server: bring it up to date with what the stream saw. */
  reconcile(query: Query): void {
    const data = query.state.data as ListData | undefined;
    if (this.coveredFrom === null || data === undefined) return;
    const position = snapshotPosition(data);
    if (position < this.bufferFloor) {
      // Older than anything we can replay: only a fresher snapshot can be trusted.
      if (this.refetched.has(query)) {
        this.refetched.delete(query);
        this.options.onStale(position);
        return;
      }
      this.refetched.add(query);
      void this.queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
      return;
    }
    this.refetched.delete(query);
    const topic = this.specOf(query)?.topic;
    const missed = this.buffer.filter((b) => b.event.topic === topic && b.id > position);
    if (missed.length > 0) this.applyTo(query, missed);
  }

  private applyTo(query: Query, events: Buffered[]): void {
    const spec = this.specOf(query);
    const data = query.state.data as ListData | undefined;
    if (!spec || data === undefined) return;
    const input = queryInput(query);
    if (filteredOnServer(spec, input)) {
      void this.queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
      return;
    }
    const limit = spec.limit?.(input);
    let next = data;
    let refetch = false;
    for (const { id, event } of events) {
      // A deletion carries no record; removing an id the list does not hold changes nothing.
      if ('record' in event && !inScope(spec, input, event.record)) continue;
      if (isPages(next)) {
        next = applyToPages(next, id, event, spec);
      } else {
        const applied = applyToSnapshot(next, id, event, spec, limit);
        next = applied.data;
        refetch ||= applied.refetch;
      }
    }
    if (next !== data) this.queryClient.setQueryData(query.queryKey, next);
    if (refetch) void this.queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
  }
}
