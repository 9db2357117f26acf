import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
} from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import { endedStreamError, LiveStream } from '../live-stream.ts';
import { type ConnectionHost, SseConnection } from './connection.ts';
import { type ConnectionLimits, type ConnectionOwner, ConnectionRegistry } from './connection-registry.ts';
import { connectedFrame, errorFrame, type SseFrame } from './frames.ts';
import { RETRY_HINTS_MS } from './retry-hint.ts';
import { SocketBatch } from './socket-batch.ts';
import { readSubscriptionCall, type SubscriptionCall } from './subscription-call.ts';
import { routerConfig, type TRPCRouterConfig } from './trpc-internals.ts';

export interface SubscriptionResponderOptions<TRouter extends AnyTRPCRouter, TContext> {
  router: TRouter;
  /** Where tRPC is mounted, e.g. `/trpc/`. */
  basePath: string;
  createContext(req: IncomingMessage, res: ServerResponse): Promise<TContext>;
  /** Who a connection belongs to, for the per-user and per-address limits; `input` is the subscription's. */
  ownerOf(ctx: TContext, input: unknown): ConnectionOwner;
  /** A connection with more than this many bytes unsent is cut off; it resumes when it reconnects. */
  maxBufferBytes: number;
  limits: ConnectionLimits;
  /** Keep-alive interval; by default the router's `sse.ping` setting, as tRPC's own path uses. */
  pingIntervalMs?: number | null;
  onError?(opts: { error: TRPCError; path: string }): void;
}

/**
 * Serves subscriptions over tRPC's SSE protocol without tRPC's per-subscriber streaming machinery:
 * the procedure (middleware, input validation, context) runs once per connection through tRPC; a live
 * stream is then attached to the bus with the response as its sink.
 */
export class SubscriptionResponder<TRouter extends AnyTRPCRouter, TContext> implements ConnectionHost {
  readonly maxBufferBytes: number;
  readonly batch = new SocketBatch();
  private readonly config: TRPCRouterConfig<TRouter>;
  /** `connected` frames, each with its own retry hint, built once: a connection takes one at random. */
  private readonly connectedFrames: SseFrame[];
  private readonly registry: ConnectionRegistry;

  constructor(private readonly options: SubscriptionResponderOptions<TRouter, TContext>) {
    this.maxBufferBytes = options.maxBufferBytes;
    this.config = routerConfig(options.router);
    const probe = {};
    if (this.config.transformer.output.serialize(probe) !== probe) {
      throw new Error('The SSE responder sends the event log JSON as it is, so the router must not use a transformer.');
    }
    const clientOptions = this.config.sse?.client ?? {};
    this.connectedFrames = RETRY_HINTS_MS.map((retryMs) => connectedFrame(clientOptions, retryMs));
    const ping = this.config.sse?.ping;
    const pingIntervalMs =
      options.pingIntervalMs !== undefined ? options.pingIntervalMs : ping?.enabled ? (ping.intervalMs ?? 1000) : null;
    this.registry = new ConnectionRegistry(options.limits, pingIntervalMs);
  }

  /** Open SSE responses. */
  get connections(): number {
    return this.registry.size;
  }

  /** Takes the request if it is a GET of a subscription; false leaves it to tRPC's own handler. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const call = readSubscriptionCall(this.options.router, this.options.basePath, req);
    if (!call) return false;
    this.respond(call, req, res).catch((error: unknown) => {
      // respond() answers every failure itself; this is the last guard against a crash.
      this.options.onError?.({ error: getTRPCErrorFromUnknown(error), path: call.path });
      res.destroy();
    });
    return true;
  }

  close(): void {
    this.registry.close();
  }

  errorFrame(cause: unknown, connection: SseConnection): SseFrame {
    const error = getTRPCErrorFromUnknown(endedStreamError(cause));
    this.options.onError?.({ error, path: connection.path });
    const shape = getTRPCErrorShape({
      config: this.config,
      error,
      type: 'subscription',
      path: connection.path,
      input: connection.input,
      ctx: connection.ctx,
    });
    return errorFrame(shape);
  }

  release(connection: SseConnection): void {
    this.registry.release(connection);
  }

  private async respond(call: SubscriptionCall, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const connection = new SseConnection(res, this);
    connection.path = call.path;
    try {
      const ctx = await this.options.createContext(req, res);
      connection.ctx = ctx;
      const result: unknown = await callTRPCProcedure({
        router: this.options.router,
        path: call.path,
        getRawInput: call.getRawInput,
        ctx,
        type: 'subscription',
        signal: connection.abort?.signal,
        batchIndex: 0,
      });
      connection.input = call.rawInput();
      if (connection.aborted) return;
      connection.open(this.connectedFrames[Math.floor(Math.random() * this.connectedFrames.length)] as SseFrame);
      const refused = this.registry.admit(connection, this.options.ownerOf(ctx, connection.input));
      if (refused) return connection.fail(refused);
      if (result instanceof LiveStream) {
        // The bus feeds the response directly; nothing iterates the stream, so nothing listens for an abort.
        connection.abort = null;
        // Nor is the context needed any more: what an idle subscriber holds is what it costs. Errors from
        // here on (session ended, shutdown) are shaped without it, as tRPC shapes a failed context's.
        connection.ctx = undefined;
        connection.subscription = result.attach(connection);
        return;
      }
      const signal = connection.abort?.signal;
      if (isObservable(result)) return await connection.pipe(observableToAsyncIterable(result, signal as AbortSignal));
      if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) {
        return await connection.pipe(result as AsyncIterable<unknown>);
      }
      throw new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: `Subscription ${call.path} did not return an observable or a AsyncGenerator`,
      });
    } catch (error) {
      connection.input ??= call.rawInput();
      if (connection.aborted) return;
      connection.open(this.connectedFrames[Math.floor(Math.random() * this.connectedFrames.length)] as SseFrame);
      connection.fail(error);
    }
  }
}
