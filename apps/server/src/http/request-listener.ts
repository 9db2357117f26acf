import type http from 'node:http';
import type { Services } from '@adopt/api';
import type { Logger } from 'pino';
import { readHealth } from './health.ts';
import type { createMetrics } from './metrics.ts';
import type { TrpcTransport } from './trpc-transport.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
type Route = 'trpc' | 'api' | 'metrics' | 'spa';

export interface RequestListenerOptions {
  services: Services;
  logger: Logger;
  metrics: ReturnType<typeof createMetrics>;
  transport: TrpcTransport;
  /** The built web app, or null when there is none to serve. */
  spa: Handler | null;
  maxBodyBytes: number;
  /** Once shutting down, a connection serves no further request: idle keep-alive sockets would hold the exit up. */
  shuttingDown: () => boolean;
  closeIdleConnections: () => void;
}

function routeOf(url: string): Route {
  if (url.startsWith('/trpc/')) return 'trpc';
  if (url.startsWith('/api/')) return 'api';
  return url === '/metrics' ? 'metrics' : 'spa';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Routes each request to tRPC, health, metrics or the web app, and times the ones that are not streams. */
export function createRequestListener(options: RequestListenerOptions): http.RequestListener {
  const { services, logger, metrics, transport, spa, maxBodyBytes, shuttingDown } = options;

  const serveMetrics = (res: http.ServerResponse) =>
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
        res.end(text);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'collecting metrics failed');
        res.writeHead(503, { 'Content-Type': 'text/plain' });
        res.end('Metrics are unavailable right now (is the database reachable?).');
      },
    );

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
      metrics.requestDuration.observe({ route, status: String(res.statusCode) }, seconds);
      logger.debug(
        { method: req.method, url: url.split('?')[0], status: res.statusCode, ms: seconds * 1000 },
        'request',
      );
    });
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
      // Refused before anything reads it; tRPC's own limit still guards chunked bodies.
      sendJson(res, 413, { error: `Request body is larger than ${maxBodyBytes} bytes.` }, { Connection: 'close' });
      return;
    }
    if (route === 'trpc') {
      streamed = transport.subscriptions?.serve(req, res) ?? false;
      if (!streamed) transport.handle(req, res);
      return;
    }
    if (url === '/api/health' || url.startsWith('/api/health?')) {
      readHealth(services).then((health) => sendJson(res, health.status === 'ok' ? 200 : 503, health));
      return;
    }
    if (route === 'metrics') {
      serveMetrics(res);
      return;
    }
    if (route === 'api') {
      sendJson(res, 404, { error: `No such endpoint: ${url.split('?')[0]}` });
      return;
    }
    const notBuilt = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('The web app has not been built. Run `pnpm build`.');
    };
    if (spa) spa(req, res, notBuilt);
    else notBuilt();
  };
}
