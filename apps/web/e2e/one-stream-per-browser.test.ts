import { sseHealth } from '@adopt/server/test/health';
import { signUp as signUpOverHttp } from '@adopt/server/test/http-client';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { LIVE_TIMEOUT, type Person, post, signUp, waitUntilLive } from './people.ts';

const TABS = 12;

async function openStreams(url: string): Promise<number> {
  return (await sseHealth(url)).totalClients;
}

async function roleOf(tab: Page): Promise<string | null> {
  return tab.locator('.live-status').getAttribute('data-role');
}

/** The tab holding the browser's stream, once the tabs have settled on one. */
async function leaderOf(tabs: Page[]): Promise<Page> {
  let leader: Page | undefined;
  await expect
    .poll(
      async () => {
        const roles = await Promise.all(tabs.map(roleOf));
        leader = tabs[roles.indexOf('leader')];
        return roles.filter((role) => role === 'leader').length;
      },
      { timeout: LIVE_TIMEOUT },
    )
    .toBe(1);
  return leader!;
}

/**
 * Waits on every tab at once: background tabs poll slowly (no animation frames, throttled timers), so one tab
 * after another spends most of the test waiting on them in turn.
 */
function inEveryTab(tabs: Page[], step: (tab: Page) => Promise<unknown>): Promise<unknown[]> {
  return Promise.all(tabs.map(step));
}

/** Every one of these posts shows in the tab. */
function showsPosts(tab: Page, bodies: string[]): Promise<unknown[]> {
  return Promise.all(bodies.map((body) => post(tab, body).waitFor()));
}

/** Writes posts as fast as the server takes them, from inside a tab (its session cookie, its origin). */
function writeBurst(tab: Page, bodies: string[]): Promise<void> {
  return tab.evaluate(async (all) => {
    for (const body of all) {
      const response = await fetch('/trpc/posts.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body }),
      });
      if (!response.ok) throw new Error(`posts.create answered ${response.status}`);
    }
  }, bodies);
}

describe(`${TABS} tabs of one browser`, { timeout: 180_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  let dee: Person;
  let tabs: Page[];

  async function openTab(): Promise<Page> {
    const tab = await dee.page.context().newPage();
    tab.setDefaultTimeout(LIVE_TIMEOUT);
    await tab.goto('/');
    return tab;
  }

  beforeAll(async () => {
    dee = await signUp(chromium.browser, server.url, 'Dee');
    tabs = [dee.page, ...(await Promise.all(Array.from({ length: TABS - 1 }, openTab)))];
  });

  it('share one live connection: every tab is live, receives every post and can like one', async () => {
    await inEveryTab(tabs, (tab) => waitUntilLive(tab));
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(1);
    await leaderOf(tabs);

    const bodies = tabs.map((_, i) => `Written in tab ${i + 1}.`);
    await writeBurst(tabs[0]!, bodies);
    await inEveryTab(tabs, (tab) => showsPosts(tab, bodies));

    for (const [i, tab] of tabs.entries()) {
      // Background tabs get no animation frames, which Playwright's clicks wait for: bring a tab forward to use it.
      await tab.bringToFront();
      await post(tab, bodies[i]!)
        .getByRole('button', { name: /^Like post/ })
        .click();
    }
    await inEveryTab(tabs, (tab) =>
      Promise.all(
        bodies.map((body) =>
          post(tab, body)
            .getByRole('button', { name: /, 1 like$/ })
            .waitFor(),
        ),
      ),
    );
    expect(await openStreams(server.url)).toBe(1);
  });

  it('close the leader, twice: another tab takes over, and no tab misses what happened meanwhile', async () => {
    for (const round of [1, 2]) {
      const leader = await leaderOf(tabs);
      tabs = tabs.filter((tab) => tab !== leader);
      const written = [`Written as leader ${round} closed`, `Written after leader ${round} closed`];
      await Promise.all([leader.close(), writeBurst(tabs[0]!, written.slice(0, 1))]);
      await writeBurst(tabs[0]!, written.slice(1));
      await leaderOf(tabs);
      await inEveryTab(tabs, async (tab) => {
        await waitUntilLive(tab);
        await showsPosts(tab, written);
      });
      await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(1);
    }
  });

  it('the leader freezes: another tab takes over, the post of someone else reaches every tab, and it follows on waking', async () => {
    const frozen = await leaderOf(tabs);
    const others = tabs.filter((tab) => tab !== frozen);
    const neighbour = await signUpOverHttp(server.url, 'Gus');
    // Paused in the debugger, the page runs nothing more (not its timers, nor its message handlers), as when the
    // browser freezes a background tab or its main thread hangs; its connection stays open.
    const debug = await frozen.context().newCDPSession(frozen);
    await debug.send('Debugger.enable');
    await debug.send('Debugger.pause');
    const body = 'Written while the leading tab was frozen.';
    try {
      await leaderOf(others);
      await neighbour.api.posts.create.mutate({ body });
      // Background tabs check on their leader about once a second and throttled: on a loaded machine the
      // takeover and the relay to eleven tabs can take longer than one step's usual wait.
      await inEveryTab(others, (tab) => post(tab, body).waitFor({ timeout: 3 * LIVE_TIMEOUT }));
      await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(1);
    } finally {
      await debug.send('Debugger.resume');
      await debug.detach();
    }
    await expect.poll(() => roleOf(frozen), { timeout: LIVE_TIMEOUT }).toBe('follower');
    await waitUntilLive(frozen);
    const after = 'Written after the frozen tab woke.';
    await neighbour.api.posts.create.mutate({ body: after });
    await inEveryTab(tabs, (tab) => post(tab, after).waitFor());
    expect(await post(frozen, body).count()).toBe(1);
    expect(await openStreams(server.url)).toBe(1);
  });

  it('a tab opened during a burst of posts shows every one of them, once', async () => {
    const burst = Array.from({ length: 15 }, (_, i) => `Burst post ${i + 1}.`);
    const writing = writeBurst(tabs[0]!, burst);
    const late = await openTab();
    await writing;
    await waitUntilLive(late);
    expect(await roleOf(late)).toBe('follower');
    await Promise.all(
      burst.map((body) => expect.poll(() => post(late, body).count(), { timeout: LIVE_TIMEOUT }).toBe(1)),
    );
    tabs.push(late);
  });

  it('a tab whose first call gets no answer says it cannot connect, instead of loading in silence', async () => {
    const stuck = await dee.page.context().newPage();
    // As when every connection the browser allows this site is taken: the request never gets through.
    await stuck.route('**/trpc/auth.me**', () => {});
    await stuck.goto('/');
    // It opens from the copy this browser saved for offline use, and says that copy is all it has.
    await stuck.getByRole('alert').filter({ hasText: "Can't connect to the server yet. Too many tabs open?" }).waitFor({
      timeout: 20_000,
    });
    await stuck.close();
  });

  it('log out in one tab: every tab goes to the login screen, and the stream closes', async () => {
    const tab = tabs[2]!;
    await tab.bringToFront();
    await tab.getByRole('button', { name: 'Log out' }).click();
    await inEveryTab(tabs, (other) => other.getByRole('tab', { name: 'Log in' }).waitFor());
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(0);
  });

  it("log in as someone else in one tab: every tab shows them, none keeps showing Dee's likes", async () => {
    const tab = tabs[0]!;
    await tab.bringToFront();
    await tab.getByRole('tab', { name: 'Sign up' }).click();
    await tab.getByLabel('Your name').fill('Eve');
    await tab.getByLabel('Email').fill(`eve-${Date.now()}@example.org`);
    await tab.getByLabel('Password').fill('correct horse battery');
    await tab.getByRole('button', { name: 'Create account' }).click();
    await inEveryTab(tabs, async (other) => {
      await waitUntilLive(other);
      await other.locator('.me-name', { hasText: 'Eve' }).waitFor();
      await post(other, 'Burst post 15.').waitFor();
      expect(await other.locator('button[aria-pressed="true"]').count()).toBe(0);
    });
    await expect.poll(() => openStreams(server.url), { timeout: LIVE_TIMEOUT }).toBe(1);
  });
});
