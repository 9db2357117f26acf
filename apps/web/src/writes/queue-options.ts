import type { PostRecord } from '@adopt/api';
import type { SendFailure, Write, WriteQueueOptions } from '@adopt/live/browser';
import { getUntypedClient, TRPCClientError } from '@trpc/client';
import { SAVED_FOR_MS } from '../offline/saved-cache.ts';
import { errorCode, errorMessage, trpcClient } from '../trpc.ts';
import { writeRules } from './rules.ts';

export interface QueueEffects {
  keepMyLike(post: PostRecord): void;
  /** The session ended while writes waited: they stay stored for this person's next log-in. */
  sessionEnded(message: string): void;
}

/** The write queue of Adopt-a-Street: its rules, and how a mutation is sent with its key. */
export function writeQueueOptions(effects: QueueEffects): WriteQueueOptions {
  return {
    name: 'adopt-writes',
    rules: writeRules(effects),
    send: (path, input, key) =>
      getUntypedClient(trpcClient).mutation(path, input, { context: { idempotencyKey: key } }) as Promise<{
        lastEventId: string | null;
      }>,
    classify: (error) => classify(error, effects),
    messageOf: refusalMessage,
    keptForMs: SAVED_FOR_MS,
  };
}

/**
 * Why a queued change was not made. A record gone meanwhile is named as the person saw it (`seen.what`): the
 * server's NOT_FOUND names an id, which means nothing to them.
 */
function refusalMessage(error: unknown, write: Write): string {
  const what = (write.seen as { what?: unknown } | null)?.what;
  if (errorCode(error) === 'NOT_FOUND' && typeof what === 'string') {
    return `${what} was deleted meanwhile, so your change to it was not made.`;
  }
  return errorMessage(error);
}

function classify(error: unknown, effects: QueueEffects): SendFailure {
  // No tRPC answer at all (offline, connection refused, a proxy's error page): the write waits for the network.
  if (error instanceof TRPCClientError && !error.data) return 'unreachable';
  const code = errorCode(error);
  if (code === 'SERVICE_UNAVAILABLE') return 'unreachable';
  if (code === 'UNAUTHORIZED') {
    effects.sessionEnded(errorMessage(error));
    return 'unreachable';
  }
  // The same key is still running (a tab closed mid-send and its request not finished): ask again shortly.
  if (code === 'CONFLICT' && errorMessage(error).includes('Idempotency-Key')) return 'busy';
  return 'refused';
}
