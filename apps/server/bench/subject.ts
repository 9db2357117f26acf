import type { ChildProcess } from 'node:child_process';
import { type BurstResult, summariseLatency } from './protocol.ts';
import type { InstanceResult, TargetResult } from './report.ts';
import type { RunningTarget, TargetName } from './targets.ts';

/** One target being measured: its server processes (two for pg2), its client process, and its readings so far. */
export interface Subject {
  name: TargetName;
  servers: RunningTarget[];
  client: ChildProcess;
  /** Per server, after a full GC: before the subscribers connect, and with all of them connected. */
  rssIdle: number[];
  rssConnected: number[];
  connectMs: number;
  eventBytes: number;
  /** Per sample, per server: the sorted arrival times at that server's subscribers. */
  latencies: number[][][];
  /** Per burst: over every subscriber, over each server's, and each server's CPU time in ns. */
  bursts: { result: BurstResult; byTarget: BurstResult[]; cpu: number[] }[];
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The figures for one subject: memory and latency over all its samples, CPU and throughput of the median burst. */
export function summarise(subject: Subject, clients: number): TargetResult {
  // The median burst by CPU: one burst's CPU reading moves with whatever else the machine is doing.
  const sorted = [...subject.bursts].sort((a, b) => sum(a.cpu) - sum(b.cpu));
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) throw new Error(`${subject.name}: no burst was measured`);
  // Losses and duplicates count over every burst, not just the median one.
  const withAllBursts = (burst: BurstResult, pick: (run: Subject['bursts'][number]) => BurstResult | undefined) => ({
    ...burst,
    lost: sum(subject.bursts.map((run) => pick(run)?.lost ?? 0)),
    duplicated: sum(subject.bursts.map((run) => pick(run)?.duplicated ?? 0)),
  });
  const n = subject.servers.length;
  const instances = subject.servers.map((server, s): InstanceResult => {
    // Subscriber i is on server i % n.
    const subscribers = Math.floor((clients + n - 1 - s) / n);
    const burst = median.byTarget[s] as BurstResult;
    const cpu = median.cpu[s] ?? 0;
    const rssIdleBytes = subject.rssIdle[s] ?? 0;
    const rssConnectedBytes = subject.rssConnected[s] ?? 0;
    return {
      url: server.info.url,
      mutating: s === 0,
      subscribers,
      rssIdleBytes,
      rssConnectedBytes,
      memoryPerSubscriberBytes: (rssConnectedBytes - rssIdleBytes) / subscribers,
      latency: summariseLatency(subject.latencies.map((sample) => sample[s] ?? [])),
      burst: withAllBursts(burst, (run) => run.byTarget[s]),
      cpuNanos: cpu,
      cpuPerDeliveryMicros: cpu / 1000 / burst.deliveries,
    };
  });
  const cpu = sum(median.cpu);
  return {
    clients,
    connectMs: subject.connectMs,
    rssIdleBytes: sum(subject.rssIdle),
    rssConnectedBytes: sum(subject.rssConnected),
    memoryPerSubscriberBytes: (sum(subject.rssConnected) - sum(subject.rssIdle)) / clients,
    eventBytes: subject.eventBytes,
    latency: summariseLatency(subject.latencies.map((sample) => sample.flat().sort((a, b) => a - b))),
    burst: withAllBursts(median.result, (run) => run.result),
    cpuNanos: cpu,
    cpuPerDeliveryMicros: cpu / 1000 / median.result.deliveries,
    ...(n > 1 ? { instances } : {}),
  };
}
