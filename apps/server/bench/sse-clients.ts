// The subscriber side of the benchmark, in its own process: holds N raw SSE connections, triggers
// events, and times when each one arrives. Driven over IPC by run.ts.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { BurstResult, ClientCommand, ClientReply, Mutation, TargetInfo } from './protocol.ts';
import { type Frame, RawSse } from './raw-sse.ts';

const MUTATIONS = {
  announce: { procedure: 'admin.announce', input: (text: string) => ({ message: text }), topic: 'announcements' },
  post: { procedure: 'posts.create', input: (text: string) => ({ body: text }), topic: 'posts' },
} as const;

/** The same event, field for field and so byte for byte in size, as the real server sends. */
function baselineEvent(mutation: Mutation, text: string): string {
  const id = randomUUID();
  const common = { id, authorId: randomUUID(), authorName: 'Bench' };
  const createdAt = new Date().toISOString();
  const record =
    mutation === 'announce' ? { ...common, message: text, createdAt } : { ...common, body: text, likes: 0, createdAt };
  return JSON.stringify({ topic: MUTATIONS[mutation].topic, type: 'created', id, record });
}

/** How long a phase waits, once its last mutation has answered, before it counts what is missing as lost. */
const LOSS_TIMEOUT_MS = 10_000;

/** Whether `promise` settled within `ms`. */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          res.statusCode === 200 ? resolve(text) : reject(new Error(`${url}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

class Subscribers {
  private connections: RawSse[] = [];
  private counts = new Int32Array(0);
  private lastIds = new Float64Array(0);
  private arrivals = new Float64Array(0);
  private target = new Int32Array(0);
  private remaining = 0;
  private started = 0;
  /** The last receipt of the current phase, per target: subscriber i is on target i % targets. */
  private lastArrivals = new Float64Array(1);
  private connectedCount = 0;
  private whenDone: (() => void) | null = null;
  private failure: ((error: Error) => void) | null = null;
  private closing = false;
  private duplicatedByTarget = new Int32Array(1);
  eventBytes = 0;
  private trigger: () => Promise<unknown> = async () => {};

  async connect(targets: TargetInfo[], n: number, mutation: Mutation, text: string): Promise<number> {
    const [target] = targets;
    if (!target) throw new Error('connect: no target');
    const urls = targets.map((t) => new URL(t.url));
    this.lastArrivals = new Float64Array(targets.length);
    this.duplicatedByTarget = new Int32Array(targets.length);
    let path = '/events';
    if (target.kind === 'trpc') {
      // The first account on a fresh database is an admin, as admin.announce needs.
      const email = `bench-${randomUUID()}@example.org`;
      const reply = JSON.parse(
        await post(
          `${target.url}/trpc/auth.register`,
          JSON.stringify({ email, name: 'Bench', password: 'a long bench password' }),
        ),
      );
      const headers = { Authorization: `Bearer ${reply.result.data.token}` };
      const { procedure, input, topic } = MUTATIONS[mutation];
      const body = JSON.stringify(input(text));
      this.trigger = () => post(`${target.url}/trpc/${procedure}`, body, headers);
      path = `/trpc/${topic}.onChange`;
    } else {
      this.trigger = () => post(`${target.url}/publish`, baselineEvent(mutation, text));
    }
    this.counts = new Int32Array(n);
    this.lastIds = new Float64Array(n);
    this.arrivals = new Float64Array(n);
    this.target = new Int32Array(n);
    const started = performance.now();
    const allConnected = this.phase(n);
    // Opening in waves keeps the server's accept backlog from overflowing.
    const wave = 250;
    for (let i = 0; i < n; i += wave) {
      const upTo = Math.min(n, i + wave);
      const before = this.connectedCount;
      for (let j = i; j < upTo; j++) {
        this.connections.push(
          RawSse.open(
            urls[j % urls.length] as URL,
            path,
            (frame) => this.onFrame(j, frame),
            (why) => this.onEnd(j, why),
          ),
        );
      }
      await this.until(() => this.connectedCount >= before + (upTo - i), allConnected);
    }
    await allConnected;
    return performance.now() - started;
  }

  /** One event: when it reached each subscriber, in ms after its mutation started, sorted per target. */
  async latency(): Promise<number[][]> {
    const done = this.expect(1);
    await this.trigger();
    if (!(await within(done, LOSS_TIMEOUT_MS))) {
      throw new Error(`${this.remaining} subscribers did not receive the event within ${LOSS_TIMEOUT_MS / 1000} s`);
    }
    return this.subscribersByTarget().map((group) =>
      Array.from(Float64Array.from(group, (i) => this.arrivals[i] ?? Number.NaN).sort()),
    );
  }

  /** The subscribers' indexes, one list per target. */
  private subscribersByTarget(): number[][] {
    const groups = Array.from({ length: this.lastArrivals.length }, (): number[] => []);
    for (let i = 0; i < this.connections.length; i++) groups[i % groups.length]?.push(i);
    return groups;
  }

  async burst(events: number, concurrency: number): Promise<{ result: BurstResult; byTarget: BurstResult[] }> {
    const before = Int32Array.from(this.counts);
    const duplicatedBefore = Int32Array.from(this.duplicatedByTarget);
    const done = this.expect(events);
    let next = 0;
    const sender = async () => {
      while (next < events) {
        next += 1;
        await this.trigger();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
    // A lost event is counted below rather than waited for forever.
    await within(done, LOSS_TIMEOUT_MS);
    const summary = (subscribers: number[], lastArrival: number, duplicated: number): BurstResult => {
      // No receipt at all (every event lost) has no duration.
      const ms = lastArrival > 0 ? lastArrival - this.started : Number.NaN;
      let lost = 0;
      for (const i of subscribers) lost += events - ((this.counts[i] ?? 0) - (before[i] ?? 0));
      const deliveries = subscribers.length * events;
      return { deliveries, ms, perSecond: deliveries / (ms / 1000), lost, duplicated };
    };
    const groups = this.subscribersByTarget();
    return {
      result: summary(
        groups.flat(),
        Math.max(...this.lastArrivals),
        this.duplicatedByTarget.reduce((sum, d, t) => sum + d - (duplicatedBefore[t] ?? 0), 0),
      ),
      byTarget: groups.map((group, t) =>
        summary(group, this.lastArrivals[t] ?? 0, (this.duplicatedByTarget[t] ?? 0) - (duplicatedBefore[t] ?? 0)),
      ),
    };
  }

  close(): void {
    this.closing = true;
    for (const connection of this.connections) connection.close();
    agent.destroy();
  }

  /** Resolves when every subscriber has `more` data frames beyond what it has now. */
  private expect(more: number): Promise<void> {
    for (let i = 0; i < this.counts.length; i++) this.target[i] = (this.counts[i] ?? 0) + more;
    this.lastArrivals.fill(0);
    this.started = performance.now();
    return this.phase(this.counts.length);
  }

  private phase(remaining: number): Promise<void> {
    this.remaining = remaining;
    const done = new Promise<void>((resolve, reject) => {
      this.whenDone = resolve;
      this.failure = reject;
    });
    // A failure may come before anyone awaits the phase (while connecting in waves): it is reported when
    // awaited, not as an unhandled rejection that kills this process with no reply.
    done.catch(() => {});
    return done;
  }

  /** Polls until `check` holds, or fails with `phase` if that fails first. */
  private async until(check: () => boolean, phase: Promise<void>): Promise<void> {
    let failed = false;
    phase.catch(() => {
      failed = true;
    });
    while (!check() && !failed) await new Promise((resolve) => setTimeout(resolve, 5));
    if (failed) await phase;
  }

  private onFrame(i: number, frame: Frame): void {
    if (frame.event === 'connected') {
      this.connectedCount += 1;
      this.countDown();
      return;
    }
    if (frame.event === 'ping') return;
    if (frame.event !== null) {
      this.failure?.(new Error(`subscriber ${i} received "${frame.event}": ${frame.data}`));
      return;
    }
    const now = performance.now();
    const id = Number(frame.id);
    const t = i % this.lastArrivals.length;
    if (id <= (this.lastIds[i] ?? 0)) {
      // Not counted as received, so a duplicate cannot hide a loss.
      this.duplicatedByTarget[t] = (this.duplicatedByTarget[t] ?? 0) + 1;
      return;
    }
    this.lastIds[i] = id;
    this.eventBytes = frame.data.length;
    const count = (this.counts[i] ?? 0) + 1;
    this.counts[i] = count;
    if (count === this.target[i]) {
      this.arrivals[i] = now - this.started;
      this.lastArrivals[t] = now;
      this.countDown();
    }
  }

  private countDown(): void {
    this.remaining -= 1;
    if (this.remaining === 0) this.whenDone?.();
  }

  private onEnd(i: number, why: string): void {
    if (!this.closing) this.failure?.(new Error(`subscriber ${i} lost its connection: ${why}`));
  }
}

const subscribers = new Subscribers();
const reply = (message: ClientReply) => process.send?.(message);

process.on('message', async (command: ClientCommand) => {
  try {
    if (command.type === 'connect') {
      const ms = await subscribers.connect(command.targets, command.clients, command.mutation, command.text);
      reply({ type: 'connected', clients: command.clients, ms });
    } else if (command.type === 'latency') {
      const arrivals = await subscribers.latency();
      reply({ type: 'latency', arrivals, eventBytes: subscribers.eventBytes });
    } else if (command.type === 'burst') {
      reply({ type: 'burst', ...(await subscribers.burst(command.events, command.concurrency)) });
    } else {
      subscribers.close();
      reply({ type: 'closed' });
      process.disconnect();
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
