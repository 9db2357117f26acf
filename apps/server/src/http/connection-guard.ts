import http from 'node:http';
import type { Socket } from 'node:net';
import type { AnyTRPCRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { trpcErrorBody } from './trpc-error-response.ts';

export interface ConnectionGuardOptions {
  router: AnyTRPCRouter;
  /** A request's head must arrive within this; a socket that sends nothing is closed after it too. */
  headersTimeoutMs: number;
  /** Open plain HTTP connections per client address; null leaves them uncounted (behind a proxy). */
  maxConnectionsPerAddress: number | null;
}

/** Node only looks for expired heads this often (30 s by default), so a short timeout needs a short check. */
export function guardedServerOptions(options: ConnectionGuardOptions): http.ServerOptions {
  return { connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs) };
}

/** How long a refused socket is still read from, so the client, still sending its head, sees the answer. */
const LINGER_MS = 1000;

/**
 * Sockets that misbehave below tRPC: heads that are too large, malformed or too slow get a tRPC error
 * body (Node's own answer has none) and are closed without a reset; one address cannot hold more than
 * its share of plain HTTP connections (SSE streams have limits of their own and are not counted).
 */
export class ConnectionGuard {
  private readonly perAddress = new Map<string, number>();
  private readonly exempt = new WeakSet<Socket>();

  constructor(
    server: http.Server,
    private readonly options: ConnectionGuardOptions,
  ) {
    server.headersTimeout = options.headersTimeoutMs;
    // Idle keep-alive connections of real clients stay for a minute, longer than the usual proxy's idle
    // timeout, so the proxy never reuses one the server is closing; the per-address cap bounds how many.
    server.keepAliveTimeout = 65_000;
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => this.refuseHead(error, socket));
    if (options.maxConnectionsPerAddress !== null) server.on('connection', (socket: Socket) => this.count(socket));
  }

  /** Null when the request may go on; otherwise the error to answer it with, closing the connection. */
  overLimit(req: http.IncomingMessage): TRPCError | null {
    const limit = this.options.maxConnectionsPerAddress;
    const address = req.socket.remoteAddress;
    if (limit === null || address === undefined || this.exempt.has(req.socket)) return null;
    if ((this.perAddress.get(address) ?? 0) <= limit) return null;
    return new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many open connections from your address (at most ${limit}). Close some and try again.`,
    });
  }

  /** The socket now carries an SSE stream: it is counted by the stream limits instead. */
  streaming(socket: Socket): void {
    if (this.exempt.has(socket)) return;
    this.exempt.add(socket);
    this.uncount(socket);
  }

  private count(socket: Socket): void {
    const address = socket.remoteAddress;
    if (address === undefined) return;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.once('close', () => {
      if (!this.exempt.has(socket)) this.uncount(socket);
    });
  }

  private uncount(socket: Socket): void {
    const address = socket.remoteAddress;
    if (address === undefined || !this.perAddress.has(address)) return;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }

  private refuseHead(error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // The parser has given up on this socket; what else arrives is read and dropped until it closes.
    socket.removeAllListeners('data');
    socket.on('data', () => {});
    socket.on('error', () => {});
    // Garbage after a request whose answer is under way (a body sent without a length): that answer
    // goes out, then the connection closes; a second answer would corrupt the first (as Node's own handler knows).
    const answering = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (answering) {
      answering.shouldKeepAlive = false;
      answering.once('finish', () => this.linger(socket));
      return;
    }
    const [status, refusal] = this.refusalFor(error);
    const body = trpcErrorBody(this.options.router, refusal, status);
    const head = [
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ].join('\r\n');
    this.linger(socket, `${head}\r\n\r\n${body}`);
  }

  /** Ends our side, keeps reading for a moment so the client sees what was sent rather than a reset. */
  private linger(socket: Socket, last = ''): void {
    socket.end(last);
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }

  private refusalFor(error: NodeJS.ErrnoException): [number, TRPCError] {
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      const message = `The request's URL and headers are larger than ${http.maxHeaderSize} bytes. Send large input in a POST body.`;
      return [431, new TRPCError({ code: 'BAD_REQUEST', message })];
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const message = `The request's headers did not arrive within ${this.options.headersTimeoutMs} ms.`;
      return [408, new TRPCError({ code: 'TIMEOUT', message })];
    }
    const message = `This is not a well-formed HTTP/1.1 request (${error.code ?? 'parse error'}).`;
    return [400, new TRPCError({ code: 'BAD_REQUEST', message })];
  }
}
