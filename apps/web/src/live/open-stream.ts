import type { LiveMessage } from '@adopt/api';
import { TOPICS } from '@adopt/api/topics';
import type { OpenStream } from '@adopt/live/browser';
import { errorCode, trpcClient } from '../trpc.ts';

/** The one `live.onChange` subscription over every topic, its outcomes told apart by tRPC error code. */
export const openStream: OpenStream<LiveMessage> = (lastEventId, handlers, browser) => {
  const subscription = trpcClient.live.onChange.subscribe(
    { topics: [...TOPICS], lastEventId, ...(browser && { browser }) },
    {
      onStarted: handlers.onStarted,
      onData: ({ id, data }) => handlers.onMessage(id, data),
      onConnectionStateChange: (state) => {
        if (state.state !== 'connecting' || !state.error) return;
        // A retryable error the server sent carries its code; then the EventSource sees the stream end.
        if (errorCode(state.error)) handlers.onEnding(state.error);
        else handlers.onInterrupted(state.error);
      },
      onError: (error) => {
        const code = errorCode(error);
        if (code === 'UNAUTHORIZED') handlers.onUnauthorized(error);
        else if (code === 'TOO_MANY_REQUESTS') handlers.onDisplaced(error);
        else handlers.onLost(error);
      },
      onComplete: () => handlers.onLost(new Error('The server closed the live connection.')),
    },
  );
  return () => subscription.unsubscribe();
};
