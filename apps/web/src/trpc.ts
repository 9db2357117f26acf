import type { AppRouter } from '@adopt/api';
import type { DefaultOptions } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';

export const trpc = createTRPCReact<AppRouter>();

// Same origin: the session cookie travels with every request and the stream; the SPA never sees a token.
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: splitLink({
        // A keyed mutation travels alone with its Idempotency-Key header (docs/idempotency.md).
        condition: (op) => typeof op.context.idempotencyKey === 'string',
        true: httpLink({
          url: '/trpc',
          headers: ({ op }) => ({ 'Idempotency-Key': String(op.context.idempotencyKey) }),
        }),
        // The server refuses batches of more than 50 calls.
        false: httpBatchLink({ url: '/trpc', maxItems: 50 }),
      }),
    }),
  ],
});

/** The tRPC error code (`UNAUTHORIZED`, `NOT_FOUND`, ...) of a failed call, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code;
  return undefined;
}

/** After this long without an answer to its first call, the page says why it may be stuck. */
export const NO_ANSWER_MS = 8_000;

/** Said when the server has not answered the first call for a while: the request may never have left the browser. */
export const NO_ANSWER_YET =
  "Can't connect to the server yet. Too many tabs open? Browsers allow only a few connections per site: close " +
  'some tabs of Adopt-a-Street, or check your network. This page keeps trying.';

/** What to show a person when a call fails: the server's message, or what to do when there is none. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (!error.data && /fetch|network|load failed/i.test(error.message)) {
      return 'Cannot reach the server. Check your connection; the app keeps trying.';
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}

export const queryDefaults: DefaultOptions = {
  queries: {
    // The live stream keeps lists fresh; refetching on focus or reconnect would only cause flicker.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (failures, error) => {
      const code = errorCode(error);
      if (code && code !== 'INTERNAL_SERVER_ERROR' && code !== 'SERVICE_UNAVAILABLE') return false;
      return failures < 3;
    },
  },
  mutations: { retry: false },
};
