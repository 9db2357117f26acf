import type { WritesRow } from './writes.ts';

/** The report: throughput per variant, and the two costs as ratios (1.00 would be free). */
export function writesTable(rows: WritesRow[]): string {
  const lines = [
    '| setup | in flight | raw insert/s | posts.create/s | with Idempotency-Key/s | durability: raw ÷ create | exactly-once: create ÷ keyed |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { setup, concurrency, perSecond: p } of rows) {
    lines.push(
      `| ${setup} | ${concurrency} | ${p.raw.toFixed(0)} | ${p.plain.toFixed(0)} | ${p.keyed.toFixed(0)} | ` +
        `${(p.raw / p.plain).toFixed(2)}× | ${(p.plain / p.keyed).toFixed(2)}× |`,
    );
  }
  const locked = rows.filter((row) => row.backends);
  if (locked.length > 0) {
    lines.push(
      '',
      'PostgreSQL backends during each variant (mean of samples every 20 ms): busy in a statement or transaction / waiting for a lock:',
      '',
      '| setup | in flight | raw insert | posts.create | with Idempotency-Key |',
      '|---|---:|---:|---:|---:|',
    );
    const cell = (b: { inTransaction: number; waiting: number }) =>
      `${b.inTransaction.toFixed(1)} / ${b.waiting.toFixed(1)}`;
    for (const { setup, concurrency, backends: b } of locked) {
      if (b) lines.push(`| ${setup} | ${concurrency} | ${cell(b.raw)} | ${cell(b.plain)} | ${cell(b.keyed)} |`);
    }
  }
  return lines.join('\n');
}
