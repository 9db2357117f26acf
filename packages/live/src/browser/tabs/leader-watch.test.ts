import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaderWatch } from './leader-watch.ts';

describe('LeaderWatch', () => {
  let asked: number;
  let takenOver: number;
  let watch: LeaderWatch;
  /** The page's clock; it moves on without the timers when the page sleeps. */
  let clock: number;

  /** The page runs for `ms`: its clock and its timers move on together. */
  function run(ms: number): void {
    for (let left = ms; left > 0; left -= 10) {
      clock += 10;
      vi.advanceTimersByTime(10);
    }
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    asked = 0;
    takenOver = 0;
    watch = new LeaderWatch(
      () => {
        asked += 1;
      },
      () => {
        takenOver += 1;
      },
    );
  });

  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('leaves a leader that answers alone, asking only when it has been quiet', () => {
    watch.start();
    for (let i = 0; i < 50; i++) {
      run(100);
      if (asked > 0) watch.heard();
    }
    expect(asked).toBeGreaterThan(0);
    expect(takenOver).toBe(0);
  });

  it('takes over, once, about a second after a leader stops answering', () => {
    watch.start();
    run(900);
    expect(takenOver).toBe(0);
    run(300);
    expect(takenOver).toBe(1);
    run(5_000);
    expect(takenOver).toBe(1);
  });

  it('gives a tab still joining the leader its patience', () => {
    watch.start(3_000);
    run(3_000);
    expect(takenOver).toBe(0);
    watch.followed();
    run(1_200);
    expect(takenOver).toBe(1);
  });

  it('asks again rather than taking over when it was asleep itself (its checks came late)', () => {
    watch.start();
    run(300);
    expect(asked).toBe(1);
    // The page was frozen for 5 s: its timers did not run, and the answer may still be queued behind them.
    clock += 5_000;
    run(400);
    expect(takenOver).toBe(0);
    expect(asked).toBe(2);
  });

  it('takes over a silent leader even when every one of its own checks runs late (timers throttled hard)', () => {
    watch.start();
    for (let i = 0; i < 10; i++) {
      clock += 2_500;
      vi.advanceTimersByTime(100);
    }
    expect(takenOver).toBe(1);
  });
});
