import { type CatchUp, RecentEvents } from './recent-events.ts';

/**
 * What one tab has seen of the stream: the newest event id, and the last few events for tabs that join
 * later. Every tab keeps it, leader or not, so whichever takes over resumes from the newest id and can
 * still catch others up.
 */
export class SeenEvents<M extends { type: string }> {
  private newest: number;
  private readonly recent: RecentEvents<M>;

  constructor(capacity: number, from: string) {
    this.recent = new RecentEvents(capacity);
    this.newest = Number(from);
    this.recent.startAfter(from);
  }

  /** Where a stream must resume to miss nothing this tab needs. */
  get lastEventId(): string {
    return String(this.newest);
  }

  /** Whether `from` lies beyond anything this tab has seen: the events in between never reached it. */
  isBehind(from: string): boolean {
    return Number(from) > this.newest;
  }

  /**
   * Records a message and says whether to apply it: each event once, in id order. A resync always
   * passes, as it starts the lists over; what came before it is not handed out any more.
   */
  accept(id: string, message: M): boolean {
    const position = Number(id);
    if (message.type === 'resync') {
      this.newest = Math.max(this.newest, position);
      this.recent.startAfter(id);
      return true;
    }
    if (position <= this.newest) return false;
    this.newest = position;
    this.recent.push(id, message);
    return true;
  }

  /** Positions start over at `from` (the log was replaced). */
  startOver(from: string): void {
    this.newest = Number(from);
    this.recent.startAfter(from);
  }

  catchUp(from: string): CatchUp<M> {
    return this.recent.catchUp(from);
  }
}
