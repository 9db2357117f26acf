import { appendFileSync } from 'node:fs';

/**
 * Prints a test's figures (events checked, faults injected, what was lost) so a run documents itself;
 * with RELIABILITY_FIGURES=<file> they are also appended there as JSON lines for docs/reliability.md.
 */
export function report(test: string, figures: Record<string, unknown>): void {
  console.log(`[reliability] ${test} ${JSON.stringify(figures)}`);
  const file = process.env.RELIABILITY_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ test, ...figures })}\n`);
}
