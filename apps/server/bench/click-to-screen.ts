// The click-to-screen part of `pnpm bench` (alone: `pnpm bench --click`). It is measured in Chromium by
// apps/web/e2e/measure-click.ts, run through Vitest to reuse the browser harness; this runs it and reads the
// figures it wrote. Without Chromium it reports why and is skipped, and the rest of the bench goes on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ClickToScreen = { rounds: number; rows: unknown[]; table: string } | { skipped: string };

/** Runs the measurement (the built server and web app must be there) and returns what it found. */
export function runClickToScreen(repoDir: string): ClickToScreen {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'adopt-a-street-click-'));
  const out = path.join(scratch, 'click.json');
  try {
    // Vitest's own report goes to stderr with the rest of the progress; the table is printed by the caller.
    execFileSync('npx', ['-y', 'pnpm@10', '--filter', '@adopt/web', 'measure:click'], {
      cwd: repoDir,
      stdio: ['ignore', process.stderr, 'inherit'],
      env: { ...process.env, CLICK_RESULTS: out },
    });
    return JSON.parse(readFileSync(out, 'utf8')) as ClickToScreen;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The part of the bench's output for it: its table, or why it was skipped. */
export function clickToScreenText(result: ClickToScreen): string {
  return 'skipped' in result ? `Click to screen: skipped. ${result.skipped}` : result.table;
}
