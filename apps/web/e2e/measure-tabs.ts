// Not a test: `pnpm --filter @adopt/web measure:tabs` prints how one stream serves many tabs of one browser:
// how long a post takes to show in every tab, and how long the tabs are without a leader when it closes.
import { sseHealth } from '@adopt/server/test/health';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { post, signUp, waitUntilLive } from './people.ts';

const TABS = 12;
const ROUNDS = 5;

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms (${ms.length} runs)`;
};

async function isLiveLeader(tab: Page): Promise<boolean> {
  return (await tab.locator('.live-status[data-role="leader"][data-state="live"]').count()) === 1;
}

describe('one stream for many tabs', () => {
  const server = useWebServer();
  const chromium = useChromium();

  it(`measures ${TABS} tabs on one stream`, { timeout: 300_000 }, async () => {
    const dee = await signUp(chromium.browser, server.url, 'Dee');
    let tabs = [dee.page];
    for (let i = 1; i < TABS + ROUNDS; i += 1) {
      const tab = await dee.page.context().newPage();
      await tab.goto('/');
      tabs.push(tab);
    }
    for (const tab of tabs) await waitUntilLive(tab);

    const delivery: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const body = `Measured post ${round}.`;
      const started = Date.now();
      await tabs[0]!.evaluate(
        (text) =>
          fetch('/trpc/posts.create', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ body: text }),
          }),
        body,
      );
      await Promise.all(tabs.map((tab) => post(tab, body).waitFor()));
      delivery.push(Date.now() - started);
    }

    const takeover: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const flags = await Promise.all(tabs.map(isLiveLeader));
      const leader = tabs[flags.indexOf(true)]!;
      tabs = tabs.filter((tab) => tab !== leader);
      const started = Date.now();
      await leader.close();
      await Promise.any(
        tabs.map((tab) => tab.locator('.live-status[data-role="leader"][data-state="live"]').waitFor()),
      );
      takeover.push(Date.now() - started);
    }
    const streams = (await sseHealth(server.url)).totalClients;

    console.log(`post written in one tab, shown in all ${TABS + ROUNDS}: ${summary(delivery)}`);
    console.log(`leader closed until another tab is live as leader: ${summary(takeover)}`);
    console.log(`streams the server counts for the browser: ${streams}`);
  });
});
