import http from 'node:http';

/** One SSE frame as it travelled, with its exact bytes. */
export interface WireFrame {
  raw: string;
  event: string | null;
  id: string | null;
  data: string;
}

export function subscriptionPath(procedure: string, input?: unknown): string {
  return input === undefined
    ? `/trpc/${procedure}`
    : `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/**
 * A subscriber over plain node:http that keeps every byte the server sent, so a test can compare the
 * wire format exactly. No reconnects. `paused` leaves the response unread, like a client that stalled.
 */
export class SseStream {
  text = '';
  readonly frames: WireFrame[] = [];
  /** 'end' when the server ended the body, 'cut' when the connection dropped first. */
  ended: 'end' | 'cut' | null = null;
  private consumed = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.text += chunk;
      this.split();
      this.notify();
    });
    const finish = () => {
      this.ended ??= response.complete ? 'end' : 'cut';
      this.notify();
    };
    response.on('close', finish);
    response.on('error', finish);
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
          if (options.paused) response.pause();
          resolve(new SseStream(request, response));
        },
      );
      request.once('error', reject);
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Data frames, parsed: what a subscriber receives. */
  get events(): { id: string; data: any }[] {
    return this.frames
      .filter((f) => f.event === null && f.id !== null)
      .map((f) => ({ id: f.id as string, data: JSON.parse(f.data) }));
  }

  get lastEventId(): string | null {
    return this.events.at(-1)?.id ?? null;
  }

  resume(): void {
    this.response.resume();
  }

  close(): void {
    this.request.destroy();
  }

  waitFor(match: (frame: WireFrame) => boolean, what = 'a matching frame', timeoutMs = 5000): Promise<WireFrame> {
    return this.until(() => this.frames.find(match), what, timeoutMs);
  }

  waitForEvents(count: number, timeoutMs = 5000): Promise<{ id: string; data: any }[]> {
    return this.until(() => (this.events.length >= count ? this.events : undefined), `${count} events`, timeoutMs);
  }

  waitForEnd(timeoutMs = 5000): Promise<'end' | 'cut'> {
    return this.until(() => this.ended ?? undefined, 'the stream to end', timeoutMs);
  }

  private split(): void {
    let end = this.text.indexOf('\n\n', this.consumed);
    while (end !== -1) {
      // tRPC ends every frame with a spare newline: it belongs to no frame.
      const raw = this.text.slice(this.consumed, end + 2).replace(/^\n+/, '');
      this.consumed = end + 2;
      const block = raw.slice(0, -2);
      if (block.length > 0) {
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? null;
        this.frames.push({ raw, event: field('event'), id: field('id'), data: field('data') ?? '' });
      }
      end = this.text.indexOf('\n\n', this.consumed);
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private until<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(attempt);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`Timed out waiting for ${what}; received:\n${this.text}`));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }
}

/** The live connection figures /api/health reports. */
export async function sseHealth(baseUrl: string): Promise<{ totalClients: number; topics: Record<string, number> }> {
  const body = (await (await fetch(`${baseUrl}/api/health`)).json()) as {
    services: { sse: { totalClients: number; topics: Record<string, number> } };
  };
  return body.services.sse;
}
