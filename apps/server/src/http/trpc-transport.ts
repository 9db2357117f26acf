import type http from 'node:http';
import { appRouter, connectionOwner, createContext, type Services } from '@adopt/api';
import { SubscriptionResponder } from '@adopt/live/sse';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import type { ServerEnv } from '../env.ts';
import { requestInfo } from './request-info.ts';

const MAX_BATCH_SIZE = 50;

export interface TrpcTransport {
  /** Queries, mutations, and subscriptions when the fast responder is off. */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** The fast SSE responder, or null when SSE_RESPONDER=trpc. */
  subscriptions: Pick<SubscriptionResponder<typeof appRouter, unknown>, 'serve' | 'close'> | null;
}

/** The API over HTTP: tRPC's handler, and our SSE responder in front of it for subscriptions. */
export function createTrpcTransport(services: Services, config: ServerEnv, logger: Logger): TrpcTransport {
  const contextFor = (req: http.IncomingMessage, res: http.ServerResponse) =>
    createContext(services, requestInfo(req, res, config.TRUST_PROXY));
  const onError = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'procedure failed');
    // The client was told only that the database is unavailable; what happened is for the operator.
    else if (error.code === 'SERVICE_UNAVAILABLE' && error.cause)
      logger.warn({ err: error.cause, path }, error.message);
  };
  const handle = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: config.MAX_BODY_BYTES,
    // One request may not fan out into unbounded work; the web app's batch link sends at most this many.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req, res }) => contextFor(req, res),
    onError,
  });
  // Subscriptions skip tRPC's per-subscriber streaming; SSE_RESPONDER=trpc keeps it, for the benchmark.
  const subscriptions =
    config.SSE_RESPONDER === 'fast'
      ? new SubscriptionResponder({
          router: appRouter,
          basePath: '/trpc/',
          createContext: contextFor,
          ownerOf: connectionOwner,
          maxBufferBytes: config.SSE_MAX_BUFFER_BYTES,
          limits: {
            total: config.SSE_MAX_CONNECTIONS,
            perUser: config.SSE_MAX_CONNECTIONS_PER_USER,
            perAnonymousIp: config.SSE_MAX_CONNECTIONS_PER_IP,
          },
          onError,
        })
      : null;
  return { handle, subscriptions };
}
