import { describe, expect, it } from 'vitest';
import { mergeStored, nextToSend, unsettledCount, waitingCount, withoutPassed } from './queue-order.ts';
import type { Write, WriteState } from './write.ts';

function write(key: string, state: WriteState, extra: Partial<Write> = {}): Write {
  return {
    key,
    userId: 'u1',
    path: 'posts.like',
    input: { id: key },
    seen: null,
    at: Number(key.slice(1)),
    state,
    held: false,
    ...extra,
  };
}

describe('nextToSend', () => {
  it('sends one write at a time, oldest first, past refused ones', () => {
    expect(nextToSend([write('w1', 'failed'), write('w2', 'new'), write('w3', 'new')])?.key).toBe('w2');
    expect(nextToSend([write('w1', 'sending'), write('w2', 'new')])).toBeUndefined();
    expect(nextToSend([write('w1', 'committed'), write('w2', 'new')])?.key).toBe('w2');
    expect(nextToSend([write('w1', 'committed')])).toBeUndefined();
  });
});

describe('withoutPassed', () => {
  it('drops a committed write once the stream is at its event, or at once if it changed nothing', () => {
    const writes = [
      write('w1', 'committed', { lastEventId: 7 }),
      write('w2', 'committed', { lastEventId: 9 }),
      write('w3', 'committed', { lastEventId: null }),
      write('w4', 'failed'),
    ];
    expect(withoutPassed(writes, 8).map((w) => w.key)).toEqual(['w2', 'w4']);
    const kept = [write('w1', 'new')];
    expect(withoutPassed(kept, 100)).toBe(kept);
  });

  it('keeps a passed write, marked, while a later one is unanswered, and does not count it as unsettled', () => {
    const writes = [write('w1', 'committed', { lastEventId: 7 }), write('w2', 'sending')];
    const marked = withoutPassed(writes, 8);
    expect(marked.map((w) => [w.key, w.passed ?? false])).toEqual([
      ['w1', true],
      ['w2', false],
    ]);
    expect(unsettledCount(marked)).toBe(1);
    expect(withoutPassed(marked, 8)).toBe(marked);
    const answered = marked.map((w) => (w.key === 'w2' ? { ...w, state: 'committed' as const, lastEventId: 9 } : w));
    expect(withoutPassed(answered, 9)).toEqual([]);
  });
});

describe('mergeStored', () => {
  it('takes the stored queue, keeps what this tab is sending or waits to see on the stream, in order', () => {
    const memory = [write('w1', 'committed', { lastEventId: 5 }), write('w2', 'sending'), write('w5', 'failed')];
    const stored = [write('w3', 'new', { held: true }), write('w2', 'new')];
    expect(mergeStored(memory, stored).map((w) => [w.key, w.state])).toEqual([
      ['w1', 'committed'],
      ['w2', 'sending'],
      ['w3', 'new'],
    ]);
  });
});

describe('waitingCount', () => {
  it('counts the writes that could not reach the server and are not sent yet', () => {
    const writes = [
      write('w1', 'new', { held: true }),
      write('w2', 'sending', { held: true }),
      write('w3', 'new'),
      write('w4', 'failed', { held: true }),
    ];
    expect(waitingCount(writes)).toBe(2);
  });
});
