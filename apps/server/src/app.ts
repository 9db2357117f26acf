import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appRouter,
  connectionOwner,
  createContext,
  createEventBus,
  defaultApiConfig,
  failInterruptedJobs,
  JobRunner,
  RateLimiter,
  type Services,
} from '@adopt/api';
import { migrateToLatest, openDatabase, trimEventLog } from '@adopt/db';
import { listenToEventLog } from '@adopt/db/listen';
import { SubscriptionResponder } from '@adopt/live/sse';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import sirv from 'sirv';
import { startBackupSchedule } from './backup/backup-schedule.ts';
import { type DatabaseConfig, databaseOptions, postgresTimeouts } from './database-options.ts';
import { BACKUP_DEFAULTS, type ServerEnv, SSE_DEFAULTS } from './env.ts';
import { readHealth } from './http/health.ts';
import { createMetrics } from './http/metrics.ts';
import { requestInfo } from './http/request-info.ts';

export type ServerConfig = Pick<
  ServerEnv,
  | 'PORT'
  | 'HOST'
  | 'WEB_DIST'
  | 'SESSION_TTL_DAYS'
  | 'EVENT_RETENTION_DAYS'
  | 'EVENT_RETENTION_COUNT'
  | 'MAX_BODY_BYTES'
  | 'TRUST_PROXY'
  | 'SHUTDOWN_GRACE_MS'
> &
  DatabaseConfig &
  Partial<Pick<ServerEnv, keyof typeof SSE_DEFAULTS | keyof typeof BACKUP_DEFAULTS>>;

export interface RunningServer {
  url: string;
  services: Services;
  server: http.Server;
  /** Graceful stop: refuse new work, end streams so clients resume elsewhere, finish requests, close the database. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_BATCH_SIZE = 50;

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase(databaseOptions(config, logger));
  await migrateToLatest(database.kysely);
  const bus = createEventBus(database.kysely, {
    onError: (error) => logger.error({ err: error }, 'reading the event log failed; retrying on the next wake-up'),
  });
  await bus.start();
  // Commits on other instances reach this one's subscribers through LISTEN/NOTIFY; the bus's poll is the safety net.
  const listener = config.DATABASE_URL
    ? await listenToEventLog({
        url: config.DATABASE_URL,
        onWake: () => bus.wake(),
        timeouts: postgresTimeouts(config),
        onError: (error) => logger.warn({ err: error }, 'event-log listener lost its connection; reconnecting'),
      })
    : null;
  const services: Services = {
    db: database.kysely,
    dialect: database.dialect,
    bus,
    config: {
      ...defaultApiConfig,
      sessionTtlMs: config.SESSION_TTL_DAYS * DAY_MS,
      retention: { maxAgeMs: config.EVENT_RETENTION_DAYS * DAY_MS, maxCount: config.EVENT_RETENTION_COUNT },
    },
    authLimiter: new RateLimiter(10, 60_000),
    connectionStats: () => ({ totalClients: bus.subscribers.size, topics: bus.countByTopic() }),
    jobs: new JobRunner((error, jobId) => logger.error({ err: error, jobId }, 'background job crashed')),
  };
  // On SQLite this process is the only one running jobs, so every unfinished job was cut off by a stop;
  // on PostgreSQL another instance may be running one, so only jobs silent for a while count.
  const interrupted = await failInterruptedJobs(services, database.dialect === 'sqlite' ? 0 : 10 * 60_000);
  if (interrupted > 0) logger.warn({ interrupted }, 'marked jobs cut off by an earlier stop as failed');

  const trimLog = async () => {
    try {
      const removed = await trimEventLog(services.db, services.config.retention);
      if (removed > 0) logger.info({ removed }, 'trimmed event log');
    } catch (error) {
      logger.error({ err: error }, 'event log retention failed');
    }
  };
  await trimLog();
  const retentionTimer = setInterval(trimLog, 60 * 60 * 1000);
  retentionTimer.unref();

  // Scheduled only when asked for: a config built in code (tests) leaves BACKUP_INTERVAL_MINUTES out.
  const backupEvery = config.DATABASE_URL ? 0 : (config.BACKUP_INTERVAL_MINUTES ?? 0);
  const backups =
    backupEvery > 0
      ? startBackupSchedule({
          databasePath: config.DATABASE_PATH,
          folder: config.BACKUP_DIR ?? BACKUP_DEFAULTS.BACKUP_DIR,
          intervalMs: backupEvery * 60_000,
          keep: config.BACKUP_KEEP ?? BACKUP_DEFAULTS.BACKUP_KEEP,
          logger,
        })
      : null;

  const metrics = createMetrics(services);
  const contextFor = (req: http.IncomingMessage, res: http.ServerResponse) =>
    createContext(services, requestInfo(req, res, config.TRUST_PROXY));
  const onError = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'procedure failed');
    // The client was told only that the database is unavailable; what happened is for the operator.
    else if (error.code === 'SERVICE_UNAVAILABLE' && error.cause)
      logger.warn({ err: error.cause, path }, error.message);
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: config.MAX_BODY_BYTES,
    // One request may not fan out into unbounded work; the web app's batch link sends at most this many.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req, res }) => contextFor(req, res),
    onError,
  });
  const sse = { ...SSE_DEFAULTS, ...withoutUndefined(config) };
  // Subscriptions skip tRPC's per-subscriber streaming; SSE_RESPONDER=trpc keeps it, for the benchmark.
  const subscriptions =
    sse.SSE_RESPONDER === 'fast'
      ? new SubscriptionResponder({
          router: appRouter,
          basePath: '/trpc/',
          createContext: contextFor,
          ownerOf: connectionOwner,
          maxBufferBytes: sse.SSE_MAX_BUFFER_BYTES,
          limits: {
            total: sse.SSE_MAX_CONNECTIONS,
            perUser: sse.SSE_MAX_CONNECTIONS_PER_USER,
            perAnonymousIp: sse.SSE_MAX_CONNECTIONS_PER_IP,
          },
          onError,
        })
      : null;
  const spa = existsSync(config.WEB_DIST)
    ? sirv(config.WEB_DIST, { single: true, etag: true, gzip: true, brotli: true })
    : null;
  if (!spa) logger.warn({ dir: config.WEB_DIST }, 'no built web app found; run `pnpm build` to serve it');

  // Once shutting down, a connection serves no further request: idle keep-alive sockets would hold the exit up.
  let shuttingDown = false;
  const server = http.createServer((req, res) => {
    if (shuttingDown) res.setHeader('Connection', 'close');
    const started = process.hrtime.bigint();
    const url = req.url ?? '/';
    const route = url.startsWith('/trpc/')
      ? 'trpc'
      : url.startsWith('/api/')
        ? 'api'
        : url === '/metrics'
          ? 'metrics'
          : 'spa';
    let streamed = false;
    res.on('finish', () => {
      if (shuttingDown) setImmediate(() => server.closeIdleConnections());
      if (streamed || res.getHeader('content-type') === 'text/event-stream') return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(route, res.statusCode, seconds);
      logger.debug(
        { method: req.method, url: url.split('?')[0], status: res.statusCode, ms: seconds * 1000 },
        'request',
      );
    });
    if (Number(req.headers['content-length'] ?? 0) > config.MAX_BODY_BYTES) {
      // Refused before anything reads it; tRPC's own limit still guards chunked bodies.
      res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify({ error: `Request body is larger than ${config.MAX_BODY_BYTES} bytes.` }));
      return;
    }
    if (route === 'trpc') {
      streamed = subscriptions?.serve(req, res) ?? false;
      if (!streamed) trpc(req, res);
      return;
    }
    if (url === '/api/health' || url.startsWith('/api/health?')) {
      readHealth(services, backups?.health()).then((health) => {
        res.writeHead(health.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(health));
      });
      return;
    }
    if (route === 'metrics') {
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
      return;
    }
    if (route === 'api') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: `No such endpoint: ${url.split('?')[0]}` }));
      return;
    }
    const notBuilt = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('The web app has not been built. Run `pnpm build`.');
    };
    if (spa) spa(req, res, notBuilt);
    else notBuilt();
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // streams stay open for as long as the client listens

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      clearInterval(retentionTimer);
      backups?.stop();
      subscriptions?.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      bus.stop();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(grace);
      await services.jobs?.drain();
      await listener?.close();
      await database.close();
    })();
    return closing;
  };
  return { url, services, server, close };
}
