import type http from 'node:http';
import { appRouter, type Services } from '@adopt/api';
import { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import type { BackupHealth } from '../backup/backup-schedule.ts';
import type { ConnectionGuard } from './connection-guard.ts';
import { readHealth } from './health.ts';
import type { Metrics } from './metrics.ts';
import { hasBody, readRequestBody } from './request-body.ts';
import { sendTRPCError } from './trpc-error-response.ts';
import { isTRPCRequest, refusalOf } from './trpc-request-gate.ts';
import type { TrpcTransport } from './trpc-transport.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
type Route = 'trpc' | 'api' | 'metrics' | 'spa';

export interface RequestListenerOptions {
  services: Services;
  logger: Logger;
  metrics: Metrics;
  transport: TrpcTransport;
  /** The built web app, or null when there is none to serve. */
  spa: Handler | null;
  /** The body limit of a tRPC request, by its URL (see body-limit.ts). */
  bodyLimit: (url: string) => number;
  /** How long a request body may take to arrive, as long as its headers may. */
  bodyTimeoutMs: number;
  /** The cap on plain connections per address; live streams are handed to it once recognised. */
  guard: ConnectionGuard;
  backupHealth: () => BackupHealth | undefined;
  /** Once shutting down, a connection serves no further request: idle keep-alive sockets would hold the exit up. */
  shuttingDown: () => boolean;
  closeIdleConnections: () => void;
}

function routeOf(url: string): Route {
  if (isTRPCRequest(url, '/trpc/')) return 'trpc';
  if (url.startsWith('/api/')) return 'api';
  return url === '/metrics' ? 'metrics' : 'spa';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Routes each request to tRPC, health, metrics or the web app, and times the ones that are not streams. */
export function createRequestListener(options: RequestListenerOptions): http.RequestListener {
  const { services, logger, metrics, transport, spa, guard, shuttingDown } = options;

  const serveMetrics = (res: http.ServerResponse) =>
    metrics.scrape().then(
      ({ contentType, text }) => {
        res.writeHead(200, { 'Content-Type': contentType });
        res.end(text);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'collecting metrics failed');
        res.writeHead(503, { 'Content-Type': 'text/plain' });
        res.end('Metrics are unavailable right now (is the database reachable?).');
      },
    );

  // tRPC's handler takes a body already read (`req.body`), so the limits and decoding here are the only ones.
  const serveTrpc = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!hasBody(req)) return transport.handle(req, res);
    readRequestBody(req, { maxBytes: options.bodyLimit(req.url ?? ''), timeoutMs: options.bodyTimeoutMs }).then(
      (body) => {
        Object.assign(req, { body });
        transport.handle(req, res);
      },
      (error: TRPCError) =>
        sendTRPCError(res, appRouter, error, error.code === 'TIMEOUT' ? { Connection: 'close' } : {}),
    );
  };

  return (req, res) => {
    if (shuttingDown()) res.setHeader('Connection', 'close');
    const started = process.hrtime.bigint();
    const url = req.url ?? '/';
    const route = routeOf(url);
    let streamed = false;
    res.on('finish', () => {
      if (shuttingDown()) setImmediate(options.closeIdleConnections);
      if (streamed || res.getHeader('content-type') === 'text/event-stream') return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(route, res.statusCode, seconds);
      logger.debug(
        { method: req.method, url: url.split('?')[0], status: res.statusCode, ms: seconds * 1000 },
        'request',
      );
    });
    const malformed = route === 'trpc' ? refusalOf(req, '/trpc/') : null;
    if (malformed) return sendTRPCError(res, appRouter, malformed);
    streamed = route === 'trpc' && (transport.subscriptions?.serve(req, res) ?? false);
    // A live stream is held to the SSE limits, not the cap on plain connections.
    if (streamed) return guard.streaming(req.socket);
    const crowded = guard.overLimit(req);
    if (crowded) return sendTRPCError(res, appRouter, crowded, { Connection: 'close' });
    if (route === 'trpc') return serveTrpc(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // Only tRPC takes writes; anything else posted here is a mistake the SPA must not answer with a page.
      const message = `${req.method?.slice(0, 20)} is not served at ${url.split('?')[0]?.slice(0, 100)}; the API is at /trpc.`;
      sendTRPCError(res, appRouter, new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message }), { Allow: 'GET, HEAD' });
      return;
    }
    if (url === '/api/health' || url.startsWith('/api/health?')) {
      readHealth(services, options.backupHealth()).then((health) =>
        sendJson(res, health.status === 'ok' ? 200 : 503, health),
      );
      return;
    }
    if (route === 'metrics') return void serveMetrics(res);
    if (route === 'api') return sendJson(res, 404, { error: `No such endpoint: ${url.split('?')[0]}` });
    const notBuilt = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('The web app has not been built. Run `pnpm build`.');
    };
    if (spa) spa(req, res, notBuilt);
    else notBuilt();
  };
}
