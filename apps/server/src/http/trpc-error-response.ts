import type { ServerResponse } from 'node:http';
import { routerConfig } from '@adopt/live/sse';
import type { AnyTRPCRouter } from '@trpc/server';
import { getTRPCErrorShape, type TRPCError, transformTRPCResponse } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';

/**
 * The JSON body tRPC's own handler sends for a failed call, shaped by the router's errorFormatter, so
 * @trpc/client reads it as a TRPCClientError with `data.code`. `status` replaces the HTTP status the
 * code maps to, for statuses tRPC has no code for (431).
 */
export function trpcErrorBody(router: AnyTRPCRouter, error: TRPCError, status?: number): string {
  const config = routerConfig(router);
  const shape = getTRPCErrorShape({
    config,
    error,
    type: 'unknown',
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  if (status !== undefined) shape.data.httpStatus = status;
  return JSON.stringify(transformTRPCResponse(config, { error: shape }));
}

/** Answers the request with a tRPC error; its status is the one the error's code maps to. */
export function sendTRPCError(
  res: ServerResponse,
  router: AnyTRPCRouter,
  error: TRPCError,
  headers: Record<string, string> = {},
): void {
  const body = trpcErrorBody(router, error);
  res.writeHead(getHTTPStatusCodeFromError(error), {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
