import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { LiveConnection, type StreamHandlers } from './connection.ts';
import type { LiveMessageOf } from './events.ts';

interface FakeStream {
  from: string;
  handlers: StreamHandlers;
  closed: boolean;
}

function setup(online = { value: true }) {
  const streams: FakeStream[] = [];
  const received: string[] = [];
  const unauthorized = vi.fn();
  const connection = new LiveConnection({
    open: (from, handlers) => {
      const stream = { from, handlers, closed: false };
      streams.push(stream);
      return () => {
        stream.closed = true;
      };
    },
    onMessage: (id) => received.push(id),
    onUnauthorized: unauthorized,
    isOnline: () => online.value,
  });
  const latest = () => streams.at(-1)!;
  return { connection, streams, received, unauthorized, latest, online };
}

const message: LiveMessageOf = { topic: 'posts', type: 'deleted', id: 'p1' };

describe('LiveConnection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reconnects with growing, jittered delays and resumes after the last event it received', () => {
    const { connection, streams, latest } = setup();
    connection.start('10');
    latest().handlers.onStarted();
    expect(connection.status.get().state).toBe('live');
    latest().handlers.onMessage('11', message);
    latest().handlers.onLost(new Error('gone'));
    expect(streams[0]?.closed).toBe(true);
    expect(connection.status.get()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    vi.advanceTimersByTime(backoffDelay(0, () => 1));
    expect(streams).toHaveLength(2);
    expect(latest().from).toBe('11');
    latest().handlers.onLost(new Error('still gone'));
    vi.advanceTimersByTime(backoffDelay(0, () => 1));
    expect(streams).toHaveLength(2);
    vi.advanceTimersByTime(backoffDelay(1, () => 1));
    expect(streams).toHaveLength(3);
  });

  it('lets an open stream that the server ends come back on the server’s retry hint, not its own timer', () => {
    const { connection, streams, latest } = setup();
    connection.start('10');
    latest().handlers.onStarted();
    latest().handlers.onMessage('11', message);
    // As httpSubscriptionLink reports a shutdown: the server's retryable error, then the stream's end.
    latest().handlers.onEnding(new Error('The server is restarting.'));
    latest().handlers.onInterrupted(new Error('stream ended'));
    expect(connection.status.get()).toEqual({ state: 'reconnecting', attempt: 1, reason: 'The server is restarting.' });
    vi.advanceTimersByTime(backoffDelay(0, () => 1));
    // Still the same stream: its EventSource reconnects by itself, when the server's `retry:` says.
    expect(streams).toHaveLength(1);
    expect(streams[0]?.closed).toBe(false);
    latest().handlers.onStarted();
    expect(connection.status.get().state).toBe('live');
    expect(connection.lastEventId).toBe('11');
  });

  it('backs off by itself when the hinted reconnect fails, does not come back, or keeps dropping', () => {
    const { connection, streams, latest } = setup();
    connection.start('1');
    latest().handlers.onStarted();
    latest().handlers.onInterrupted(new Error('cut'));
    latest().handlers.onInterrupted(new Error('connection refused'));
    expect(streams[0]?.closed).toBe(true);
    expect(connection.status.get()).toMatchObject({ state: 'reconnecting', retryAt: expect.any(Number) });
    vi.advanceTimersByTime(backoffDelay(1, () => 1));
    expect(streams).toHaveLength(2);

    // Back, then silent: no new start within the grace period means reconnecting from scratch.
    latest().handlers.onStarted();
    vi.advanceTimersByTime(60_000);
    latest().handlers.onInterrupted(new Error('cut'));
    vi.advanceTimersByTime(5_000);
    expect(streams).toHaveLength(2);
    expect(streams[1]?.closed).toBe(true);
    vi.advanceTimersByTime(backoffDelay(1, () => 1));
    expect(streams).toHaveLength(3);

    // A stream that drops again soon after coming back is not trusted to come back by itself.
    latest().handlers.onStarted();
    vi.advanceTimersByTime(60_000);
    latest().handlers.onInterrupted(new Error('cut'));
    latest().handlers.onStarted();
    latest().handlers.onInterrupted(new Error('cut again'));
    expect(streams[2]?.closed).toBe(true);
  });

  it('stops for good when the session is gone, instead of retrying', () => {
    const { connection, streams, latest, unauthorized } = setup();
    connection.start('1');
    latest().handlers.onUnauthorized(new Error('Your session ended.'));
    vi.advanceTimersByTime(60_000);
    expect(streams).toHaveLength(1);
    expect(unauthorized).toHaveBeenCalledOnce();
    expect(connection.status.get().state).toBe('idle');
  });

  it('waits while offline and connects as soon as the network is back', () => {
    const { connection, streams, online } = setup();
    connection.start('1');
    online.value = false;
    connection.offline();
    expect(connection.status.get().state).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(streams).toHaveLength(1);
    online.value = true;
    connection.online();
    expect(streams).toHaveLength(2);
  });

  it('pauses instead of retrying when a newer tab took its place, until the person resumes', () => {
    const { connection, streams, latest } = setup();
    connection.start('1');
    latest().handlers.onMessage('7', message);
    latest().handlers.onDisplaced(new Error('You opened more than 10 live connections'));
    vi.advanceTimersByTime(60_000);
    expect(streams).toHaveLength(1);
    expect(connection.status.get()).toMatchObject({ state: 'paused', reason: expect.stringMatching(/more than 10/) });
    connection.resume();
    expect(streams).toHaveLength(2);
    expect(latest().from).toBe('7');
  });

  it('ignores a closed stream that still reports', () => {
    const { connection, streams, received } = setup();
    connection.start('1');
    const first = streams[0]!;
    connection.start('5');
    first.handlers.onMessage('2', message);
    expect(received).toEqual([]);
    expect(connection.lastEventId).toBe('5');
  });
});

describe('backoffDelay', () => {
  it('doubles up to a cap and never waits less than half the step', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(20, () => 1)).toBe(15_000);
    expect(backoffDelay(20, () => 0)).toBe(7500);
  });
});
