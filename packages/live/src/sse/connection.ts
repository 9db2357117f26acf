import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isTrackedEnvelope } from '@trpc/server';
import type { Delivery } from '../delivery.ts';
import { type DeliverySink, type Subscription, SubscriptionEnded } from '../subscription.ts';
import { dataFrame, RETURN_FRAME, SSE_HEADERS, type SseFrame } from './frames.ts';
import type { SocketBatch } from './socket-batch.ts';

/** What a connection needs from the responder that owns it. */
export interface ConnectionHost {
  /** A connection with more than this many bytes unsent is cut off. */
  readonly maxBufferBytes: number;
  /** Frames and corked sockets shared by the host's connections. */
  readonly batch: SocketBatch;
  /** tRPC's `serialized-error` frame for an error on this connection, shaped by the router's errorFormatter. */
  errorFrame(error: unknown, connection: SseConnection): SseFrame;
  /** The connection has closed. */
  release(connection: SseConnection): void;
}

/**
 * One SSE response. As a bus sink it writes each delivery's shared frame straight to the socket:
 * no generator, promise or JSON work per subscriber. Its buffer is bounded: a client that stops
 * reading is cut off, and resumes from its last event id when it reconnects. Kept small, since a
 * server holds thousands: what it retains is what an idle subscriber costs.
 */
export class SseConnection implements DeliverySink {
  /** The bus subscription feeding this response, once attached. */
  subscription: Subscription | null = null;
  /** Aborts the procedure's signal when the client leaves; dropped once a live stream needs none. */
  abort: AbortController | null = new AbortController();
  /** For error shapes: the procedure path, its input as read, the request's context. */
  path = '';
  input: unknown;
  ctx: unknown;
  private opened = false;
  private finished = false;
  private judging = false;
  /** Set when frames can go to the socket as ready-made HTTP chunks; see `open`. */
  private socket: Socket | null = null;

  constructor(
    private readonly res: ServerResponse,
    private readonly host: ConnectionHost,
  ) {
    res.once('close', () => this.left());
  }

  get aborted(): boolean {
    return this.abort?.signal.aborted ?? this.finished;
  }

  /** Sends the headers and tRPC's `connected` event. */
  open(connected: SseFrame): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, SSE_HEADERS);
    this.res.write(connected.bytes);
    // Node's res.write frames each write as an HTTP chunk: four socket writes and a cork per call.
    // Once the head has gone out through Node, frames go to the socket as chunks built once per event:
    // one socket write per subscriber. The response's state stays right, so res.end() still ends the
    // body properly. No socket yet means a pipelined request waiting its turn: it keeps res.write.
    if (this.res.chunkedEncoding && this.res.socket) this.socket = this.res.socket;
  }

  write(frame: SseFrame): void {
    if (this.finished) return;
    if (!this.socket) this.res.write(frame.bytes);
    else if (!this.socket.destroyed) {
      // Corked until the end of the tick, like res.write does: events dispatched together (a batch read
      // from the log) leave in one system call per subscriber.
      this.host.batch.cork(this.socket);
      this.socket.write(frame.chunk);
    }
    // Judged once this tick's writes have reached the socket: a burst dispatched at once would
    // otherwise cut off clients that are keeping up.
    if (this.res.writableLength > this.host.maxBufferBytes && !this.judging) {
      this.judging = true;
      setImmediate(() => {
        this.judging = false;
        if (!this.finished && this.res.writableLength > this.host.maxBufferBytes) this.drop();
      });
    }
  }

  deliver(delivery: Delivery): void {
    this.write(this.host.batch.frameOf(delivery));
  }

  whenReady(): Promise<void> | null {
    const stream = this.socket ?? this.res;
    if (this.finished || !stream.writableNeedDrain) return null;
    return new Promise((resolve) => {
      const done = () => {
        stream.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      this.res.on('close', done);
    });
  }

  closed(reason: Error | null): void {
    this.subscription = null;
    if (reason instanceof SubscriptionEnded && reason.reason === 'too-slow') this.destroy();
    else if (reason) this.fail(reason);
  }

  /** Ends the stream with tRPC's `serialized-error` event; retryable codes make the client reconnect. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.res.end(this.host.errorFrame(error, this).bytes);
  }

  /** Ends the stream normally, with tRPC's `return` event. */
  complete(): void {
    if (this.finished) return;
    this.finished = true;
    this.res.end(RETURN_FRAME.bytes);
  }

  /** Writes what any other subscription yields, one JSON.stringify per value, waiting while the client is behind. */
  async pipe(values: AsyncIterable<unknown>): Promise<void> {
    for await (const value of values) {
      if (this.finished) return;
      this.write(
        isTrackedEnvelope(value)
          ? dataFrame(JSON.stringify(value[1]), String(value[0]))
          : dataFrame(JSON.stringify(value)),
      );
      const ready = this.whenReady();
      if (ready) await ready;
    }
    this.complete();
  }

  /** The response closed (client gone or stream ended): stop feeding it. */
  private left(): void {
    this.finished = true;
    this.abort?.abort();
    this.subscription?.end();
    this.host.release(this);
  }

  /** Too far behind: no `return` frame, so the client reconnects and resumes from its last event id. */
  private drop(): void {
    if (this.subscription) this.subscription.end(new SubscriptionEnded('too-slow'));
    else this.destroy();
  }

  private destroy(): void {
    this.finished = true;
    this.res.destroy();
  }
}
