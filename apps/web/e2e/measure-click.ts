// Not a test: `pnpm bench --click` (or `pnpm --filter @adopt/web measure:click`) prints the time from the click to
// one's own action on screen (optimistic), beside, for the same click in the same page, the time until the server's
// answer is back and until the live stream has passed the write: when a screen that waits for the server could
// show it. For a post, a like and a task move, each at 0 ms and 300 ms of added latency, in one run. With
// CLICK_RESULTS set, the figures also go to that JSON file, for `pnpm bench` (apps/server/bench/click-to-screen.ts).
import { writeFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { CLICK_ACTIONS } from './click-actions.ts';
import { useDelayingProxy } from './delaying-proxy.ts';
import { chromiumMissing, useChromium, useWebServer } from './harness.ts';
import { goTo, signUp, waitUntilLive } from './people.ts';
import { watched } from './screen-states.ts';

const ROUNDS = 7;
const LATENCIES_MS = [0, 300];

interface Spread {
  median: number;
  max: number;
}

interface ClickRow {
  action: string;
  addedLatencyMs: number;
  onScreen: Spread;
  answerBack: Spread;
  streamPassed: Spread;
}

const spread = (ms: number[]): Spread => ({
  median: [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!,
  max: Math.max(...ms),
});
const cell = ({ median, max }: Spread) => `${median.toFixed(1)} (max ${max.toFixed(1)})`;

function table(rows: ClickRow[]): string {
  return [
    `Click to screen for one's own action in Chromium, ${ROUNDS} rounds each, median (max) in ms:`,
    '',
    '| action | added latency | optimistic: on screen | waiting for the answer: answer back¹ | waiting for the stream: passed² |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.action} | ${row.addedLatencyMs} ms | ${cell(row.onScreen)} | ${cell(row.answerBack)} | ${cell(row.streamPassed)} |`,
    ),
    '',
    "¹ The mutation's response fully arrived in the page (Resource Timing responseEnd): the earliest a screen that",
    "  waits for the server's answer could show the change.",
    "² The live stream brought the write's event (the page's count of unsettled writes back to 0): when a screen",
    "  drawn only from the server's live data shows it.",
  ].join('\n');
}

function report(result: { rows: ClickRow[]; table: string } | { skipped: string }): void {
  const out = process.env.CLICK_RESULTS;
  if (out) writeFileSync(out, `${JSON.stringify({ rounds: ROUNDS, ...result }, null, 2)}\n`);
}

const missing = chromiumMissing();
if (missing) report({ skipped: missing });

describe.skipIf(missing)('click to screen for one’s own action', () => {
  const server = useWebServer();
  const chromium = useChromium();
  const proxy = useDelayingProxy(() => server.url, 0);

  it('optimistic against waiting for the server', { timeout: 600_000 }, async () => {
    const rows: ClickRow[] = [];
    for (const latency of LATENCIES_MS) {
      const { page } = await signUp(chromium.browser, server.url, `Clicker${latency}`);
      proxy.roundTripMs = latency;
      await page.goto(proxy.url);
      await waitUntilLive(page);
      let screen = 'Feed';
      for (const action of CLICK_ACTIONS) {
        if (action.screen !== screen) await goTo(page, action.screen);
        screen = action.screen;
        const times = { onScreen: [] as number[], answerBack: [] as number[], streamPassed: [] as number[] };
        for (let round = 0; round < ROUNDS; round += 1) {
          await action.run(page, `${action.name} ${round} at ${latency} ms`);
          const seen = await watched(page, action.path);
          if (seen.clickToScreen === null || seen.clickToAnswer === null || seen.clickToStream === null) {
            throw new Error(`${action.name} at ${latency} ms: a time is missing (${JSON.stringify(seen)})`);
          }
          times.onScreen.push(seen.clickToScreen);
          times.answerBack.push(seen.clickToAnswer);
          times.streamPassed.push(seen.clickToStream);
        }
        rows.push({
          action: action.name,
          addedLatencyMs: latency,
          onScreen: spread(times.onScreen),
          answerBack: spread(times.answerBack),
          streamPassed: spread(times.streamPassed),
        });
      }
      await page.context().close();
    }
    const text = table(rows);
    console.log(text);
    report({ rows, table: text });
  });
});
