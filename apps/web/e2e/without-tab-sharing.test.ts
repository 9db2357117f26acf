import { sseHealth } from '@adopt/server/test/health';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { LIVE_TIMEOUT, logIn, type Person, post, signUp, waitUntilLive, writePost } from './people.ts';

async function openStreams(url: string): Promise<number> {
  return (await sseHealth(url)).totalClients;
}

/** A browser without Web Locks and BroadcastChannel: its tabs cannot share a stream. */
async function withoutTabSharing(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    Reflect.deleteProperty(window, 'BroadcastChannel');
  });
}

describe('four tabs of a browser without Web Locks and BroadcastChannel', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  let dee: Person;
  let tabs: Page[];

  beforeAll(async () => {
    dee = await signUp(chromium.browser, server.url, 'Dee');
    await withoutTabSharing(dee.page.context());
    await dee.page.reload();
    tabs = [dee.page];
    for (let i = 0; i < 3; i += 1) {
      const tab = await dee.page.context().newPage();
      tab.setDefaultTimeout(LIVE_TIMEOUT);
      await tab.goto('/');
      tabs.push(tab);
    }
  });

  it('each hold exactly one live connection of its own and all keep working', async () => {
    for (const tab of tabs) await waitUntilLive(tab);
    for (const tab of tabs) expect(await tab.locator('.live-status').getAttribute('data-role')).toBe('alone');
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(4);

    await writePost(tabs[0]!, 'Written in the first tab');
    for (const tab of tabs.slice(1)) await post(tab, 'Written in the first tab').waitFor();
    // Background tabs get no animation frames, which Playwright's clicks wait for: bring a tab forward to use it.
    await tabs[3]!.bringToFront();
    await writePost(tabs[3]!, 'Written in the fourth tab');
    for (const tab of tabs.slice(0, 3)) await post(tab, 'Written in the fourth tab').waitFor();
    expect(await openStreams(server.url)).toBe(4);
  });

  it('send every tab to the login screen when the session ends, and restart the stream on login', async () => {
    await tabs[0]!.bringToFront();
    await tabs[0]!.getByRole('button', { name: 'Log out' }).click();
    await tabs[0]!.getByRole('tab', { name: 'Log in' }).waitFor();
    // The other tabs shared that session: the server ends their streams and they ask for a login, not a retry.
    for (const tab of tabs.slice(1)) {
      await tab.getByText('Your session ended. Log in again to keep receiving updates.').waitFor();
    }
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(0);

    await tabs[1]!.bringToFront();
    await logIn(tabs[1]!, dee);
    await writePost(tabs[1]!, 'Back in after logging in again');
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(1);
  });
});

describe('more browsers than the server allows one person', { timeout: 60_000 }, () => {
  const server = useWebServer({ SSE_MAX_CONNECTIONS_PER_USER: '2' });
  const chromium = useChromium();

  /** Another browser of the same person: a new context with the same session cookie. */
  async function sameSessionElsewhere(page: Page): Promise<Page> {
    const context = await chromium.browser.newContext({ baseURL: server.url });
    await context.addCookies(await page.context().cookies());
    const other = await context.newPage();
    other.setDefaultTimeout(LIVE_TIMEOUT);
    return other;
  }

  it('pause the oldest browser instead of fighting over the connections, until it is resumed', async () => {
    const eve = await signUp(chromium.browser, server.url, 'Eve');
    const [first, second, third] = [
      eve.page,
      await sameSessionElsewhere(eve.page),
      await sameSessionElsewhere(eve.page),
    ];
    await second.goto('/');
    await waitUntilLive(second);
    await third.goto('/');
    await waitUntilLive(third);

    await first.locator('.live-status[data-state="paused"]').waitFor();
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(2);
    expect(await first.locator('.live-status').getAttribute('data-state')).toBe('paused');

    await first.bringToFront();
    await first.getByRole('button', { name: 'Resume live updates' }).click();
    await waitUntilLive(first);
    await second.locator('.live-status[data-state="paused"]').waitFor();
    expect(await third.locator('.live-status').getAttribute('data-state')).toBe('live');
  });
});
