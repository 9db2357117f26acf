import type { IncomingMessage } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { isSubscriptionPath } from './trpc-internals.ts';

/** A GET of one subscription procedure, as httpSubscriptionLink sends it. */
export interface SubscriptionCall {
  path: string;
  /** The `input` query parameter, with the Last-Event-ID a reconnecting EventSource sends merged in. */
  getRawInput(): Promise<unknown>;
  /** The input once read, for error shapes; undefined before or if it could not be read. */
  rawInput(): unknown;
}

function lastEventIdOf(req: IncomingMessage, search: URLSearchParams): string | null {
  const header = req.headers['last-event-id'];
  return (
    (typeof header === 'string' ? header : null) ?? search.get('lastEventId') ?? search.get('Last-Event-Id') ?? null
  );
}

/**
 * Reads `/trpc/<path>?input=...`; null when it is not a single subscription, so tRPC's handler answers
 * it (queries, mutations, batches, unknown paths and their errors).
 */
export function readSubscriptionCall(
  router: AnyTRPCRouter,
  basePath: string,
  req: IncomingMessage,
): SubscriptionCall | null {
  const url = req.url ?? '';
  if (req.method !== 'GET' || !url.startsWith(basePath)) return null;
  const query = url.indexOf('?');
  let path: string;
  try {
    path = decodeURIComponent(url.slice(basePath.length, query === -1 ? undefined : query));
  } catch {
    return null;
  }
  if (!isSubscriptionPath(router, path)) return null;
  const search = new URLSearchParams(query === -1 ? '' : url.slice(query + 1));
  if (search.get('batch') === '1') return null;

  let input: unknown;
  let read = false;
  return {
    path,
    async getRawInput() {
      const json = search.get('input');
      try {
        input = json ? JSON.parse(json) : undefined;
      } catch (cause) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: (cause as Error).message, cause });
      }
      const lastEventId = lastEventIdOf(req, search);
      if (lastEventId) {
        if (typeof input === 'object' && input !== null && !Array.isArray(input)) input = { ...input, lastEventId };
        else input ??= { lastEventId };
      }
      read = true;
      return input;
    },
    rawInput: () => (read ? input : undefined),
  };
}
