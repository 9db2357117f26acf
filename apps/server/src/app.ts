import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRouter, type Services } from '@adopt/api';
import type { Logger } from 'pino';
import type { DatabaseConfig } from './database-options.ts';
import { type ServerEnv, withDefaults } from './env.ts';
import { bodyLimitFor } from './http/body-limit.ts';
import { ConnectionGuard, guardedServerOptions } from './http/connection-guard.ts';
import { reclaimMemoryAfterFloods } from './http/memory-reclaim.ts';
import { createMetrics } from './http/metrics.ts';
import { createRequestListener } from './http/request-listener.ts';
import { serveWebApp } from './http/static-files.ts';
import { createTrpcTransport } from './http/trpc-transport.ts';
import { openServerServices } from './live-services.ts';

export type ServerConfig = Pick<
  ServerEnv,
  | 'PORT'
  | 'HOST'
  | 'WEB_DIST'
  | 'SESSION_TTL_DAYS'
  | 'EVENT_RETENTION_DAYS'
  | 'EVENT_RETENTION_COUNT'
  | 'MAX_BODY_BYTES'
  | 'MAX_IMPORT_BODY_BYTES'
  | 'TRUST_PROXY'
  | 'SHUTDOWN_GRACE_MS'
> &
  DatabaseConfig &
  Partial<ServerEnv>;

export interface RunningServer {
  url: string;
  services: Services;
  server: http.Server;
  /** Graceful stop: refuse new work, end streams so clients resume elsewhere, finish requests, close the database. */
  close(): Promise<void>;
}

function listen(server: http.Server, config: ServerConfig): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      const { port } = server.address() as AddressInfo;
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
      resolve(`http://${host}:${port}`);
    });
  });
}

export async function startServer(given: ServerConfig, logger: Logger): Promise<RunningServer> {
  const config = withDefaults(given);
  const running = await openServerServices(config, logger);
  const { services } = running;
  const transport = createTrpcTransport(services, config, logger);
  const spa = existsSync(config.WEB_DIST) ? serveWebApp(config.WEB_DIST) : null;
  if (!spa) logger.warn({ dir: config.WEB_DIST }, 'no built web app found; run `pnpm build` to serve it');

  const headersTimeoutMs = config.HTTP_HEADERS_TIMEOUT_MS;
  const guardOptions = {
    router: appRouter,
    headersTimeoutMs,
    // Behind a proxy every connection comes from the proxy: the limit belongs there.
    maxConnectionsPerAddress: config.TRUST_PROXY ? null : config.HTTP_MAX_CONNECTIONS_PER_IP,
  };
  const server = http.createServer(guardedServerOptions(guardOptions));
  const guard = new ConnectionGuard(server, guardOptions);
  let shuttingDown = false;
  server.on(
    'request',
    createRequestListener({
      services,
      logger,
      metrics: createMetrics(services),
      transport,
      spa,
      bodyLimit: bodyLimitFor(config),
      bodyTimeoutMs: headersTimeoutMs,
      guard,
      backupHealth: running.backupHealth,
      shuttingDown: () => shuttingDown,
      closeIdleConnections: () => server.closeIdleConnections(),
    }),
  );
  server.requestTimeout = 0; // streams stay open for as long as the client listens
  const stopReclaiming = reclaimMemoryAfterFloods({
    connections: () => services.bus.subscribers.size,
    onCollect: (closed) => logger.info({ closed }, 'collected the garbage of closed live connections'),
  });
  const url = await listen(server, config);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      stopReclaiming();
      transport.subscriptions?.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      running.stopLive();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(grace);
      await running.close();
    })();
    return closing;
  };
  return { url, services, server, close };
}
