import http from 'node:http';

/** One server-sent event frame as it travelled on the wire. */
export interface SseFrame {
  event: string;
  id: string | null;
  data: string;
}

/** Splits an SSE byte stream into frames; a frame cut off by a dropped connection is never returned. */
export class SseParser {
  private buffer = '';

  push(text: string): SseFrame[] {
    this.buffer += text.replace(/\r\n?/g, '\n');
    const frames: SseFrame[] = [];
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: SseFrame = { event: 'message', id: null, data: '' };
      const data: string[] = [];
      let any = false;
      for (const line of block.split('\n')) {
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
      if (any) frames.push(frame);
      end = this.buffer.indexOf('\n\n');
    }
    return frames;
  }
}

export interface RawSseOptions {
  headers?: Record<string, string>;
  /** Start without reading: the response stays unread, like a client that stopped consuming. */
  paused?: boolean;
}

export function subscriptionPath(procedure: string, input?: unknown): string {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return `/trpc/${procedure}${query}`;
}

/**
 * An SSE client written from scratch over node:http, so a test sees exactly what the server sent:
 * every frame, when the stream ended and how. No reconnects, no retries.
 */
export class RawSse {
  readonly frames: SseFrame[] = [];
  /** How the response ended: 'end' (cleanly), 'error' (reset or aborted), or null while open. */
  ended: 'end' | 'error' | null = null;
  bytes = 0;
  private readonly parser = new SseParser();
  private readonly waiters = new Set<() => void>();
  private reading = false;

  private constructor(
    private readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    const finish = (how: 'end' | 'error') => {
      this.ended ??= how;
      this.notify();
    };
    response.on('end', () => finish('end'));
    response.on('error', () => finish('error'));
    response.on('aborted', () => finish('error'));
    response.on('close', () => finish(response.complete ? 'end' : 'error'));
    request.on('error', () => finish('error'));
  }

  static open(baseUrl: string, path: string, options: RawSseOptions = {}): Promise<RawSse> {
    return new Promise((resolve, reject) => {
      const request = http.get(
        `${baseUrl}${path}`,
        { agent: false, headers: { Accept: 'text/event-stream', ...options.headers } },
        (response) => {
          const stream = new RawSse(request, response);
          if (!options.paused) stream.resume();
          resolve(stream);
        },
      );
      request.once('error', reject);
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Starts (or restarts) reading what the server sent. */
  resume(): void {
    if (this.reading) return;
    this.reading = true;
    this.response.on('data', (chunk: string) => {
      this.bytes += Buffer.byteLength(chunk);
      this.frames.push(...this.parser.push(chunk));
      this.notify();
    });
  }

  /** Data frames that carry an event id: what a subscriber receives, parsed. */
  get events(): { id: number; data: any }[] {
    return this.frames
      .filter((f) => f.id !== null && f.event === 'message')
      .map((f) => ({
        id: Number(f.id),
        data: JSON.parse(f.data),
      }));
  }

  get lastEventId(): string | null {
    return this.frames.findLast((f) => f.id !== null)?.id ?? null;
  }

  /** The first frame that matches, waiting up to `timeoutMs`. */
  waitFor(match: (frame: SseFrame) => boolean, timeoutMs = 5000, what = 'a matching frame'): Promise<SseFrame> {
    return this.until(() => this.frames.find(match), timeoutMs, what, true);
  }

  /** Waits for an event-carrying frame whose id is at least `id`. */
  waitForId(id: number, timeoutMs = 5000): Promise<SseFrame> {
    return this.waitFor((f) => f.id !== null && Number(f.id) >= id, timeoutMs, `event id ${id}`);
  }

  waitForEnd(timeoutMs = 5000): Promise<'end' | 'error'> {
    return this.until(() => this.ended ?? undefined, timeoutMs, 'the stream to end');
  }

  close(): void {
    this.request.destroy();
  }

  private until<R>(check: () => R | undefined, timeoutMs: number, what: string, failOnEnd = false): Promise<R> {
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
        const tail = JSON.stringify(this.frames.slice(-3));
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ended=${this.ended}, last: ${tail}`));
      }, timeoutMs);
      if (!attempt()) this.waiters.add(attempt);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
