/** One message of the stream with the event id it came with. */
export interface Numbered<M> {
  id: string;
  message: M;
}

/** What a tab that joins late needs: the events after its snapshots, or to load fresh snapshots. */
export type CatchUp<M> = { events: Numbered<M>[] } | { resync: true };

/**
 * The last few events a tab has seen, so that a tab joining later gets every event after its snapshot
 * positions from it instead of from the server. Bounded: when it no longer reaches back far enough, the
 * joining tab is told to resync.
 */
export class RecentEvents<M> {
  private events: Numbered<M>[] = [];
  /** Every event after this id is held; null before the first start. */
  private floor: number | null = null;

  constructor(private readonly capacity: number) {}

  /** Everything after `id` will come through here; nothing before it is held. */
  startAfter(id: string): void {
    this.events = [];
    this.floor = Number(id);
  }

  push(id: string, message: M): void {
    this.events.push({ id, message });
    if (this.events.length > this.capacity) this.floor = Number(this.events.shift()!.id);
  }

  /** The catch-up for a tab whose snapshots reflect every event up to `from`. */
  catchUp(from: string): CatchUp<M> {
    const position = Number(from);
    if (this.floor === null || !Number.isFinite(position) || position < this.floor) return { resync: true };
    return { events: this.events.filter((event) => Number(event.id) > position) };
  }
}
