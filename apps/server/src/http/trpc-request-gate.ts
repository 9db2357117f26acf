import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';

/** The methods tRPC's HTTP protocol uses: GET for queries and subscriptions, POST for mutations. */
const TRPC_METHODS = new Set(['GET', 'POST']);

/** Whether the request is for the tRPC endpoint, `/trpc` itself included. */
export function isTRPCRequest(url: string, basePath: string): boolean {
  const mount = basePath.replace(/\/$/, '');
  return url.startsWith(basePath) || url === mount || url.startsWith(`${mount}?`);
}

/**
 * The error a tRPC request must be refused with before tRPC's handler sees it, or null. tRPC's handler
 * answers these with a 500 (a method fetch's Request cannot carry, a path that is not valid
 * percent-encoding) or never gets them (no procedure named).
 */
export function refusalOf(req: IncomingMessage, basePath: string): TRPCError | null {
  const method = req.method ?? '';
  if (!TRPC_METHODS.has(method)) {
    return new TRPCError({
      code: 'METHOD_NOT_SUPPORTED',
      message: `${method.slice(0, 20)} is not served here: tRPC answers GET (queries, subscriptions) and POST (mutations).`,
    });
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const path = url.slice(0, query === -1 ? undefined : query).slice(basePath.length);
  if (!url.startsWith(basePath) || path === '') {
    return new TRPCError({
      code: 'NOT_FOUND',
      message: `Name a procedure after ${basePath}, e.g. ${basePath}posts.list.`,
    });
  }
  try {
    decodeURIComponent(path);
  } catch {
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: `The procedure path "${path.slice(0, 100)}" is not valid percent-encoding.`,
    });
  }
  return null;
}
