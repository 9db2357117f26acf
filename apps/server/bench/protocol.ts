/** What run.ts and the client process (sse-clients.ts) tell each other over IPC. */

export interface TargetInfo {
  /** `trpc`: the real server; `baseline`: the hand-written server. */
  kind: 'trpc' | 'baseline';
  url: string;
}

/**
 * What triggers each event on the real server, and the topic subscribed to. `announce` is the lightest
 * mutation that reaches everyone (one row, one event); `post` also awards points, so it writes rewards,
 * the leaderboard and a notification too, and costs several times the CPU.
 */
export type Mutation = 'announce' | 'post';

export type ClientCommand =
  /**
   * Subscriber i connects to `targets[i % targets.length]`, so several instances share them evenly;
   * the account and every mutation go through `targets[0]`.
   */
  | { type: 'connect'; targets: TargetInfo[]; clients: number; mutation: Mutation; text: string }
  | { type: 'latency' }
  | { type: 'burst'; events: number; concurrency: number }
  | { type: 'close' };

export interface LatencyResult {
  /** Milliseconds from a mutation's start to each subscriber's receipt, every subscriber of every sample. */
  p50Ms: number;
  p99Ms: number;
  /** Median over samples of the time to the last subscriber. */
  lastMs: number;
  worstLastMs: number;
}

/** Summarises samples, each the sorted arrival times (ms after the mutation started) of one event. */
export function summariseLatency(samples: number[][]): LatencyResult {
  const all = Float64Array.from(samples.flat()).sort();
  const lasts = samples.map((arrivals) => arrivals.at(-1) ?? Number.NaN).sort((a, b) => a - b);
  return {
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    lastMs: percentile(lasts, 0.5),
    worstLastMs: lasts.at(-1) ?? Number.NaN,
  };
}

export interface BurstResult {
  deliveries: number;
  ms: number;
  perSecond: number;
  lost: number;
  duplicated: number;
}

export type ClientReply =
  | { type: 'connected'; clients: number; ms: number }
  /** Sorted arrival times of one event, one list per target (per instance) in `connect`'s order. */
  | { type: 'latency'; arrivals: number[][]; eventBytes: number }
  /** `result` over every subscriber; `byTarget` over each target's subscribers, in `connect`'s order. */
  | { type: 'burst'; result: BurstResult; byTarget: BurstResult[] }
  | { type: 'closed' }
  | { type: 'failed'; message: string };

export function percentile(sorted: Float64Array | number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
