import type { BurstResult, LatencyResult } from './protocol.ts';
import { TARGET_LABELS, type TargetName } from './targets.ts';

export interface TargetResult {
  clients: number;
  connectMs: number;
  rssIdleBytes: number;
  rssConnectedBytes: number;
  memoryPerSubscriberBytes: number;
  eventBytes: number;
  latency: LatencyResult;
  burst: BurstResult;
  cpuNanos: number;
  cpuPerDeliveryMicros: number;
  /** With several server processes (pg2): each one's figures; the fields above are over all of them. */
  instances?: InstanceResult[];
}

/** One of several instances: its own subscribers, its own memory and CPU. */
export interface InstanceResult {
  url: string;
  /** Whether the mutations went through this instance. */
  mutating: boolean;
  subscribers: number;
  rssIdleBytes: number;
  rssConnectedBytes: number;
  memoryPerSubscriberBytes: number;
  latency: LatencyResult;
  burst: BurstResult;
  cpuNanos: number;
  cpuPerDeliveryMicros: number;
}

export type Results = Partial<Record<TargetName, TargetResult>>;

export interface Check {
  target: string;
  measured: string;
  met: boolean;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const us = (micros: number) => `${micros < 10 ? micros.toFixed(2) : micros.toFixed(0)} µs`;
export const ms = (millis: number) => `${millis.toFixed(1)} ms`;
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;

interface Row {
  label: string;
  value: (result: TargetResult) => number;
  format: (value: number) => string;
}

const ROWS: Row[] = [
  { label: 'server memory per idle subscriber', value: (r) => r.memoryPerSubscriberBytes, format: kb },
  { label: 'server RSS with all connected', value: (r) => r.rssConnectedBytes, format: mb },
  { label: 'server CPU per delivery (burst)', value: (r) => r.cpuPerDeliveryMicros, format: us },
  { label: 'mutation start → receipt, p50', value: (r) => r.latency.p50Ms, format: ms },
  { label: 'mutation start → receipt, p99', value: (r) => r.latency.p99Ms, format: ms },
  { label: 'mutation start → last subscriber', value: (r) => r.latency.lastMs, format: ms },
  {
    label: 'deliveries per second (burst)',
    value: (r) => r.burst.perSecond,
    format: (v) => Math.round(v).toLocaleString('en-US'),
  },
];

/** A Markdown table: pasted as is into docs/benchmark.md, and readable in a terminal. */
export function table(results: Results): string {
  const names = (['fast', 'trpc', 'baseline'] as const).filter((name) => results[name]);
  const header = [
    '| metric',
    ...names.map((n) => TARGET_LABELS[n]),
    'this project ÷ hand-written',
    'tRPC ÷ this project',
  ];
  const lines = [`${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of ROWS) {
    const values = names.map((name) => row.value(results[name] as TargetResult));
    const of = (name: TargetName) => (results[name] ? row.value(results[name]) : undefined);
    lines.push(
      `| ${row.label} | ${values.map(row.format).join(' | ')} | ${ratio(of('fast'), of('baseline'))} | ${ratio(of('trpc'), of('fast'))} |`,
    );
  }
  return lines.join('\n');
}

/** The targets, each against results from this one run. */
export function checks(results: Results): Check[] {
  const { fast, trpc, baseline } = results;
  const list: Check[] = [];
  if (fast && baseline) {
    const cpu = fast.cpuPerDeliveryMicros / baseline.cpuPerDeliveryMicros;
    list.push({ target: 'CPU per delivery ≤ 1.3 × hand-written', measured: `${cpu.toFixed(2)}×`, met: cpu <= 1.3 });
    const memory = fast.memoryPerSubscriberBytes / baseline.memoryPerSubscriberBytes;
    list.push({
      target: 'memory per idle subscriber ≤ 1.3 × hand-written',
      measured: `${memory.toFixed(2)}×`,
      met: memory <= 1.3,
    });
    const last = fast.latency.lastMs / baseline.latency.lastMs;
    list.push({
      target: `mutation → last subscriber at ${fast.clients} ≤ 1.3 × hand-written`,
      measured: `${last.toFixed(2)}×`,
      met: last <= 1.3,
    });
  }
  if (fast && trpc) {
    const cpu = trpc.cpuPerDeliveryMicros / fast.cpuPerDeliveryMicros;
    list.push({
      target: 'CPU per delivery ≥ 30 × less than tRPC built-in',
      measured: `${cpu.toFixed(1)}× less`,
      met: cpu >= 30,
    });
  }
  if (fast && fast.clients >= 10_000) {
    list.push({
      target: '10000 subscribers connected at once, memory reported',
      measured: `${fast.clients} connected, RSS ${mb(fast.rssConnectedBytes)}`,
      met: true,
    });
  }
  for (const [name, result] of Object.entries(results)) {
    if (result.burst.lost > 0 || result.burst.duplicated > 0) {
      list.push({
        target: `${TARGET_LABELS[name as TargetName]}: every subscriber gets every event once`,
        measured: `${result.burst.lost} lost, ${result.burst.duplicated} duplicated`,
        met: false,
      });
    }
  }
  return list;
}

export function checkLines(list: Check[]): string {
  return list.map((c) => `- ${c.met ? '✅ met' : '❌ not met'}: ${c.target} (measured ${c.measured})`).join('\n');
}
