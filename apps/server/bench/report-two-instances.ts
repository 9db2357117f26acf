import type { BurstResult, LatencyResult } from './protocol.ts';
import { kb, ms, type Results, type TargetResult, us } from './report.ts';

/** What a column of the two-instance table shows: one instance on SQLite, or some of pg2's subscribers. */
interface Column {
  subscribers: number;
  latency: LatencyResult;
  burst: BurstResult;
  cpuPerDeliveryMicros: number;
  memoryPerSubscriberBytes: number;
}

interface Row {
  label: string;
  show: (column: Column) => string;
  /** For the ratio column; rows without one show a dash. */
  value?: (column: Column) => number;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

const ROWS: Row[] = [
  { label: 'subscribers', show: (c) => count(c.subscribers) },
  { label: 'mutation start → receipt, p50', show: (c) => ms(c.latency.p50Ms), value: (c) => c.latency.p50Ms },
  { label: 'mutation start → receipt, p99', show: (c) => ms(c.latency.p99Ms), value: (c) => c.latency.p99Ms },
  { label: 'mutation start → last subscriber', show: (c) => ms(c.latency.lastMs), value: (c) => c.latency.lastMs },
  { label: 'deliveries per second (burst)', show: (c) => count(c.burst.perSecond) },
  { label: 'lost / duplicated (all bursts)', show: (c) => `${c.burst.lost} / ${c.burst.duplicated}` },
  { label: 'server CPU per delivery (burst)', show: (c) => us(c.cpuPerDeliveryMicros) },
  { label: 'server memory per idle subscriber', show: (c) => kb(c.memoryPerSubscriberBytes) },
];

const fromTarget = (result: TargetResult): Column => ({ ...result, subscribers: result.clients });

/**
 * pg2's subscribers on the instance that took the mutations, on the other one, and all of them, beside
 * this project on SQLite (`fast`) from the same run. Markdown, like `table`.
 */
export function twoInstanceTable(results: Results): string {
  const { fast, pg2 } = results;
  const [mutating, other] = pg2?.instances ?? [];
  if (!fast || !pg2 || !mutating || !other) return 'two-instance table: needs both the fast and the pg2 targets';
  const columns = [fromTarget(fast), mutating, other, fromTarget(pg2)];
  const header = [
    '| metric',
    'SQLite, one instance',
    'PostgreSQL: on the mutating instance',
    'PostgreSQL: on the other instance',
    'PostgreSQL: all subscribers',
    'other instance ÷ SQLite',
  ];
  const lines = [`${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of ROWS) {
    const ratio = row.value ? `${(row.value(other) / row.value(columns[0] as Column)).toFixed(2)}×` : '–';
    lines.push(`| ${row.label} | ${columns.map(row.show).join(' | ')} | ${ratio} |`);
  }
  return lines.join('\n');
}
