// Not a test: `pnpm --filter @adopt/web measure:tabs` prints how one stream serves many tabs of one browser:
// how long a post takes to show in every tab, and how long the tabs are without a leader when it closes.
import { sseHealth } from '@adopt/server/test/health';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { signUp, waitUntilLive } from './people.ts';

const TABS = 12;
const ROUNDS = 5;

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms (${ms.length} runs)`;
};

async function isLiveLeader(tab: Page): Promise<boolean> {
  return (await tab.locator('.live-status[data-role="leader"][data-state="live"]').count()) === 1;
}

type Watched = Window & { shownAt?: Promise<number> };

/**
 * Starts watching, from inside the page, for the moment it first matches `selector` containing `text`;
 * `shownAt` then tells that moment (epoch ms). Playwright's polling of background tabs does not count.
 */
async function watch(tab: Page, selector: string, text = ''): Promise<void> {
  await tab.evaluate(
    ([sel, txt]) => {
      const shown = () => [...document.querySelectorAll(sel!)].some((el) => el.textContent?.includes(txt!));
      (window as Watched).shownAt = new Promise<number>((resolve) => {
        if (shown()) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    },
    [selector, text],
  );
}

function shownAt(tab: Page): Promise<number> {
  return tab.evaluate(() => (window as Watched).shownAt!);
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
      await Promise.all(tabs.map((tab) => watch(tab, 'article', body)));
      const started = Date.now();
      await tabs[0]!.evaluate(
        (text) =>
          fetch('/trpc/posts.create', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ body: text }),
          }).then(() => undefined),
        body,
      );
      delivery.push(Math.max(...(await Promise.all(tabs.map(shownAt)))) - started);
    }

    const takeover: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const flags = await Promise.all(tabs.map(isLiveLeader));
      const leader = tabs[flags.indexOf(true)]!;
      tabs = tabs.filter((tab) => tab !== leader);
      await Promise.all(tabs.map((tab) => watch(tab, '.live-status[data-role="leader"][data-state="live"]')));
      const started = Date.now();
      await leader.close();
      takeover.push((await Promise.any(tabs.map(shownAt))) - started);
    }
    const streams = (await sseHealth(server.url)).totalClients;

    console.log(`post written in one tab, shown in all ${TABS + ROUNDS}: ${summary(delivery)}`);
    console.log(`leader closed until another tab is live as leader: ${summary(takeover)}`);
    console.log(`streams the server counts for the browser: ${streams}`);
  });
});
