import { notifyManager } from '@tanstack/query-core';
import { backoffDelay } from '../backoff.ts';
import { createStore } from '../store.ts';
import { KEY_LIFETIME_MS } from './key-lifetime.ts';
import { mergeStored, nextToSend, withoutPassed } from './queue-order.ts';
import { type QueueMessage, QueueTabs } from './queue-tabs.ts';
import { isUnanswered, type Write, type WriteRules } from './write.ts';
import { WriteStore } from './write-store.ts';

/** Why a write that waited past its key's lifetime is not sent again: its first send may have landed. */
const TOO_OLD_TO_RESEND =
  'Not sent again: its first try may have reached the server more than a day ago. Check whether it is there, and do it again if not.';

/** How a failed send is taken: try again later (server unreachable, or the same key still running), or refused. */
export type SendFailure = 'unreachable' | 'busy' | 'refused';

export interface WriteQueueOptions {
  /** The IndexedDB database, the lock and the channel are named after it. */
  name: string;
  rules: WriteRules;
  /** Sends one mutation with its key as the Idempotency-Key header; answers its result with `lastEventId`. */
  send(path: string, input: unknown, key: string): Promise<{ lastEventId: string | null }>;
  classify(error: unknown): SendFailure;
  /** What to tell the person about a refused write, in words they understand (the server's, or the app's). */
  messageOf(error: unknown, write: Write): string;
  /** How long the browser keeps anyone's unsent writes (a person who never signs in again): gone after it. */
  keptForMs: number;
}

interface Session {
  userId: string;
  tabs: QueueTabs;
  sender: boolean;
  retry: ReturnType<typeof setTimeout> | undefined;
  attempts: number;
}

/**
 * The write pipeline: every action becomes a Write with its own idempotency key, shows at once as an overlay
 * (see overlay.ts), is stored in IndexedDB, and is sent in order by one tab of the browser. Its overlay stays
 * until the live stream has passed the event id its commit produced, so the real record takes its place in
 * the same render. A refused write is rolled back and kept, with the reason, until dismissed.
 */
export class WriteQueue {
  /** This person's writes in the order they were made, as every tab of the browser sees them. */
  readonly writes = createStore<readonly Write[]>([]);
  private readonly store: WriteStore;
  private session: Session | null = null;
  private streamPosition = 0;

  constructor(private readonly options: WriteQueueOptions) {
    this.store = new WriteStore(options.name);
  }

  get rules(): WriteRules {
    return this.options.rules;
  }

  /** Starts the queue of `userId`: what earlier tabs left unsent is shown and sent. */
  start(userId: string): void {
    if (this.session?.userId === userId) return;
    this.stop();
    const session: Session = { userId, tabs: undefined as never, sender: false, retry: undefined, attempts: 0 };
    session.tabs = new QueueTabs(this.options.name, userId, {
      becameSender: () => {
        session.sender = true;
        void this.reload(session);
      },
      heard: (message) => this.heard(session, message),
    });
    this.session = session;
    void this.store.deleteMadeBefore(Date.now() - this.options.keptForMs).then(() => this.reload(session));
  }

  /**
   * Waits until every write of this person has been answered (landed, or refused); resolves with how many still
   * wait for the network instead (0: none), e.g. before logging out, when the stored ones are forgotten.
   */
  settle(): Promise<number> {
    return new Promise((resolve) => {
      const check = () => {
        const unsent = this.writes.get().filter(isUnanswered);
        const waiting = unsent.filter((write) => write.held && write.state === 'new').length;
        if (unsent.length > 0 && waiting === 0 && this.session) return;
        unsubscribe();
        resolve(waiting);
      };
      const unsubscribe = this.writes.subscribe(check);
      check();
    });
  }

  /** Logged out: this person's writes, stored or refused, are deleted from the browser, then the queue stops. */
  async forget(): Promise<void> {
    const userId = this.session?.userId;
    this.stop();
    if (userId) await this.store.deleteForUser(userId);
  }

  /** Stops sending and forgets the writes on screen; what is stored stays for the same person's next visit. */
  stop(): void {
    if (!this.session) return;
    clearTimeout(this.session.retry);
    this.session.tabs.close();
    this.session = null;
    this.writes.set([]);
  }

  /** The person acted: the overlay shows in this same render, then the write is stored and sent. Returns its key. */
  act(path: string, input: unknown, seen: unknown = null): string {
    const session = this.session;
    if (!session) throw new Error(`WriteQueue: ${path} was called before start(userId): nobody is signed in.`);
    const held = typeof navigator !== 'undefined' && navigator.onLine === false;
    const write: Write = {
      key: crypto.randomUUID(),
      userId: session.userId,
      path,
      input,
      seen,
      at: Date.now(),
      state: 'new',
      held,
    };
    this.writes.set((writes) => [...writes, write]);
    void this.store.put(write).then(() => {
      session.tabs.tell({ kind: 'changed' });
      this.pump(session);
    });
    return write.key;
  }

  /** The stream has applied everything up to `eventId`; call inside the same notifyManager batch as the cache. */
  streamAt(eventId: number): void {
    this.streamPosition = Math.max(this.streamPosition, eventId);
    this.dropPassed();
  }

  /** In the cache's next notify batch: after it has shown what the stream or a rule wrote, so nothing flickers. */
  private dropPassed(): void {
    notifyManager.schedule(() => this.writes.set((writes) => withoutPassed(writes, this.streamPosition)));
  }

  /** The connection is back: send what waited, now rather than at the next retry. */
  online(): void {
    const session = this.session;
    if (!session?.sender) return;
    clearTimeout(session.retry);
    session.retry = undefined;
    this.pump(session);
  }

  /** The person has read why a write was refused. */
  dismiss(key: string): void {
    const session = this.session;
    this.writes.set((writes) => writes.filter((write) => write.key !== key));
    void this.store.delete(key).then(() => session?.tabs.tell({ kind: 'changed' }));
  }

  private async reload(session: Session): Promise<void> {
    const stored = await Promise.all((await this.store.forUser(session.userId)).map((write) => this.expired(write)));
    if (this.session !== session) return;
    this.writes.set((writes) => mergeStored(writes, stored));
    this.pump(session);
  }

  /** A stored write first sent longer ago than the server keeps keys is not sent again: it fails, with why. */
  private async expired(write: Write): Promise<Write> {
    if (write.state !== 'new' || write.sentAt === undefined || Date.now() - write.sentAt < KEY_LIFETIME_MS)
      return write;
    const failed: Write = { ...write, state: 'failed', error: TOO_OLD_TO_RESEND };
    await this.store.put(failed);
    return failed;
  }

  private heard(session: Session, message: QueueMessage): void {
    if (message.kind === 'changed') void this.reload(session);
    else this.committed(message.key, message.result, message.lastEventId);
  }

  private update(key: string, change: Partial<Write>): void {
    this.writes.set((writes) => writes.map((write) => (write.key === key ? { ...write, ...change } : write)));
  }

  /** Applies an answer: the rule puts into the cache what the stream leaves out; the overlay now has the real id. */
  private committed(key: string, result: unknown, lastEventId: number | null): void {
    const write = this.writes.get().find((w) => w.key === key);
    if (write) this.options.rules[write.path]?.committed?.(result, write.input);
    this.update(key, { state: 'committed', result, lastEventId });
    // Dropped (if the stream is already past it) after the cache has shown what the rule wrote: no flicker.
    this.dropPassed();
    if (this.session) this.pump(this.session);
  }

  private pump(session: Session): void {
    if (!session.sender || session.retry !== undefined || this.session !== session) return;
    const write = nextToSend(this.writes.get());
    if (write) void this.sendOne(session, write);
  }

  private async sendOne(session: Session, write: Write): Promise<void> {
    this.update(write.key, { state: 'sending' });
    try {
      // Stored before it leaves: after a lost answer and a long absence, the queue knows the key may have expired.
      if (write.sentAt === undefined) {
        const sentAt = Date.now();
        this.update(write.key, { sentAt });
        await this.store.put({ ...write, sentAt });
      }
      const { lastEventId, ...result } = await this.options.send(write.path, write.input, write.key);
      // Signed out meanwhile: the answer belongs to the last person, and nothing of theirs may reach the cache.
      if (this.session !== session) return;
      const position = lastEventId === null ? null : Number(lastEventId);
      session.attempts = 0;
      this.committed(write.key, result, position);
      session.tabs.tell({ kind: 'committed', key: write.key, result, lastEventId: position });
      await this.store.delete(write.key);
      session.tabs.tell({ kind: 'changed' });
    } catch (error) {
      if (this.session === session) await this.failed(session, write, error);
    }
    this.pump(session);
  }

  private async failed(session: Session, write: Write, error: unknown): Promise<void> {
    const failure = this.options.classify(error);
    if (failure === 'refused') {
      const refused: Write = { ...write, state: 'failed', error: this.options.messageOf(error, write) };
      this.update(write.key, refused);
      this.dropPassed();
      await this.store.put(refused);
      session.tabs.tell({ kind: 'changed' });
      return;
    }
    // Kept, in order, with its key: every write behind it waits too, and the screen says so.
    const held = failure === 'unreachable';
    this.writes.set((writes) =>
      writes.map((w) =>
        w.key === write.key
          ? { ...w, state: 'new', held: w.held || held }
          : held && w.state === 'new'
            ? { ...w, held }
            : w,
      ),
    );
    await Promise.all(
      this.writes
        .get()
        .filter((w) => w.state === 'new')
        .map((w) => this.store.put(w)),
    );
    session.tabs.tell({ kind: 'changed' });
    session.retry = setTimeout(
      () => {
        session.retry = undefined;
        this.pump(session);
      },
      backoffDelay(session.attempts++),
    );
  }
}
