import http from 'node:http';

/** One SSE frame as it travelled, with its exact bytes; `event` is `message` where the frame names none. */
export interface SseFrame {
  raw: string;
  event: string;
  id: string | null;
  data: string;
}

export function subscriptionPath(procedure: string, input?: unknown): string {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return `/trpc/${procedure}${query}`;
}

/** The frame in `raw` (one frame's lines), or null for a frame with no field (only comments). */
function parseFrame(raw: string): SseFrame | null {
  const frame: SseFrame = { raw, event: 'message', id: null, data: '' };
  const data: string[] = [];
  let any = false;
  for (const line of raw.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    any = true;
    if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'data') data.push(value);
  }
  frame.data = data.join('\n');
  return any ? frame : null;
}

/**
 * An SSE client written from scratch over node:http, so a test sees exactly what the server sent: every byte and
 * frame, when the stream ended and how. No reconnects, no retries. `paused` leaves the response unread, like a
 * client that stopped consuming, until `resume`.
 */
export class SseStream {
  readonly frames: SseFrame[] = [];
  /** 'end' when the server ended the body, 'cut' when the connection dropped first, null while open. */
  ended: 'end' | 'cut' | null = null;
  private readonly chunks: string[] = [];
  /** Received, not yet split into frames: a frame cut off by a dropped connection stays here. */
  private unsplit = '';
  private reading = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    const finish = () => {
      this.ended ??= response.complete ? 'end' : 'cut';
      this.notify();
    };
    for (const event of ['end', 'close', 'error', 'aborted']) response.on(event, finish);
    request.on('error', finish);
  }

  static open(
    baseUrl: string,
    path: string,
    options: { headers?: Record<string, string>; paused?: boolean } = {},
  ): Promise<SseStream> {
    return new Promise((resolve, reject) => {
      const request = http.get(
        `${baseUrl}${path}`,
        { agent: false, headers: { Accept: 'text/event-stream', ...options.headers } },
        (response) => {
          const stream = new SseStream(request, response);
          if (!options.paused) stream.resume();
          resolve(stream);
        },
      );
      request.once('error', reject);
    });
  }

  /** Everything received, byte for byte. */
  get text(): string {
    return this.chunks.join('');
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Data frames that carry an event id, parsed: what a subscriber receives. */
  get events(): { id: number; data: any }[] {
    return this.frames
      .filter((f) => f.event === 'message' && f.id !== null)
      .map((f) => ({ id: Number(f.id), data: JSON.parse(f.data) }));
  }

  /** What a reconnecting EventSource would send as Last-Event-ID. */
  get lastEventId(): string | null {
    return this.frames.findLast((f) => f.id !== null)?.id ?? null;
  }

  /** Starts reading what the server sent (again, after `paused`). */
  resume(): void {
    if (this.reading) return;
    this.reading = true;
    this.response.on('data', (chunk: string) => {
      this.chunks.push(chunk);
      this.unsplit += chunk;
      this.split();
      this.notify();
    });
  }

  close(): void {
    this.request.destroy();
  }

  /** The first frame that matches, waiting up to `timeoutMs`; fails at once if the stream ends without one. */
  waitFor(match: (frame: SseFrame) => boolean, timeoutMs = 5000, what = 'a matching frame'): Promise<SseFrame> {
    return this.until(() => this.frames.find(match), timeoutMs, what, true);
  }

  /** Waits for an event-carrying frame whose id is at least `id`. */
  waitForId(id: number, timeoutMs = 5000): Promise<SseFrame> {
    return this.waitFor((f) => f.id !== null && Number(f.id) >= id, timeoutMs, `event id ${id}`);
  }

  waitForEvents(count: number, timeoutMs = 5000): Promise<{ id: number; data: any }[]> {
    return this.until(() => (this.events.length >= count ? this.events : undefined), timeoutMs, `${count} events`);
  }

  waitForEnd(timeoutMs = 5000): Promise<'end' | 'cut'> {
    return this.until(() => this.ended ?? undefined, timeoutMs, 'the stream to end');
  }

  // Splits only what is new: slicing the whole text at every chunk would keep a copy of it alive per chunk.
  private split(): void {
    let end = this.unsplit.indexOf('\n\n');
    while (end !== -1) {
      // tRPC ends every frame with a spare newline: it belongs to no frame.
      const frame = parseFrame(this.unsplit.slice(0, end + 2).replace(/^\n+/, ''));
      if (frame) this.frames.push(frame);
      this.unsplit = this.unsplit.slice(end + 2);
      end = this.unsplit.indexOf('\n\n');
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private until<T>(check: () => T | undefined, timeoutMs: number, what: string, failOnEnd = false): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined && !(failOnEnd && this.ended)) return false;
        clearTimeout(timer);
        this.waiters.delete(attempt);
        if (value === undefined) reject(new Error(`The stream ended (${this.ended}) before ${what} arrived`));
        else resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        const tail = this.chunks.slice(-3).join('');
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ended=${this.ended}, last:\n${tail}`));
      }, timeoutMs);
      if (!attempt()) this.waiters.add(attempt);
    });
  }
}
