// Not a test: `pnpm --filter @adopt/web measure:click` prints the time from the click on "Post" to one's own
// post on screen (optimistic), beside the time until the server's answer is back (the earliest a screen that
// waits for the server could show it), at 0 ms and 300 ms of added latency, in one run.
import { describe, it } from 'vitest';
import { useDelayingProxy } from './delaying-proxy.ts';
import { useChromium, useWebServer } from './harness.ts';
import { signUp, waitUntilLive } from './people.ts';
import { settled, watched, watchItem } from './screen-states.ts';

const ROUNDS = 9;
const LATENCIES_MS = [0, 300];

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
const max = (ms: number[]) => Math.max(...ms);
const fixed = (ms: number) => ms.toFixed(1);

describe('click to screen for one’s own post', () => {
  const server = useWebServer();
  const chromium = useChromium();
  const proxy = useDelayingProxy(() => server.url, 0);

  it('optimistic against waiting for the server', { timeout: 300_000 }, async () => {
    const rows: string[] = [];
    for (const latency of LATENCIES_MS) {
      const { page } = await signUp(chromium.browser, server.url, `Clicker${latency}`);
      proxy.roundTripMs = latency;
      await page.goto(proxy.url);
      await waitUntilLive(page);
      const screen: number[] = [];
      const answer: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const body = `Round ${round} at ${latency} ms`;
        await page.getByLabel('Share something with your neighbours').fill(body);
        await watchItem(page, { selector: 'article', text: body });
        await page.getByRole('button', { name: 'Post', exact: true }).click();
        await settled(page);
        const seen = await watched(page, 'posts.create');
        screen.push(seen.clickToScreen!);
        answer.push(seen.clickToAnswer!);
      }
      rows.push(
        `| ${latency} ms | ${fixed(median(screen))} ms (max ${fixed(max(screen))}) | ${fixed(median(answer))} ms (max ${fixed(max(answer))}) |`,
      );
      await page.context().close();
    }
    console.log(
      [
        `click to screen, one's own post, ${ROUNDS} posts per row (median, max):`,
        '| added latency | optimistic: on screen | waiting for the server: answer back |',
        '| --- | ---: | ---: |',
        ...rows,
      ].join('\n'),
    );
  });
});
