import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useChromium, useWebServer, webDist } from './harness.ts';
import { copyAsRelease, scriptIn } from './next-release.ts';
import { appCached, savedForOffline } from './offline.ts';
import { LIVE_TIMEOUT, type Person, signUp, waitUntilLive } from './people.ts';

/** Reconnecting backs off, so coming back may take a few attempts after the server starts again. */
const RECOVERY_TIMEOUT = 30_000;

/** The app's own script as the page loaded it: its hashed name says which build runs. */
function scriptOf(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'));
}

/** Replaces the deployed files with those of another build, as a deploy does. */
function deploy(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

describe('a new version of the app replaces the cached one', { timeout: 60_000 }, () => {
  const deployed = mkdtempSync(path.join(tmpdir(), 'adopt-deployed-'));
  const next = mkdtempSync(path.join(tmpdir(), 'adopt-next-build-'));
  // Registered before the server's start, so it starts on the copy.
  beforeAll(() => deploy(webDist, deployed));
  const server = useWebServer({ WEB_DIST: deployed });
  const chromium = useChromium();
  let ann: Person;

  beforeAll(async () => {
    // The same build as another release: a new build id, so a new script name and a new worker.
    copyAsRelease(webDist, next, `next-${Date.now()}`);
    ann = await signUp(chromium.browser, server.url, 'Ann');
  });

  it('after a deploy, a reload runs the new build, which is then the one that opens offline', async () => {
    await appCached(ann.page);
    expect(await scriptOf(ann.page)).toBe(scriptIn(webDist));
    const newScript = scriptIn(next);
    expect(newScript).not.toBe(scriptIn(webDist));

    await server.stop();
    deploy(next, deployed);
    await server.start();
    // The cached build opens first, finds the new worker, and hands over to it with a reload of its own.
    await ann.page.reload();
    await expect.poll(() => scriptOf(ann.page).catch(() => null), { timeout: LIVE_TIMEOUT }).toBe(newScript);
    await ann.page.getByRole('button', { name: 'Log out' }).waitFor();

    await appCached(ann.page);
    // Data saved by the old build is not trusted by the new one: wait for its own copy.
    await savedForOffline(ann.page, ann.email);
    await server.stop();
    try {
      await ann.page.reload();
      await ann.page.getByRole('button', { name: 'Log out' }).waitFor();
      expect(await scriptOf(ann.page)).toBe(newScript);
    } finally {
      await server.start();
    }
  });

  it('while something is being typed, offers the reload instead of taking it', async () => {
    await waitUntilLive(ann.page, RECOVERY_TIMEOUT);
    await appCached(ann.page);
    // Another release again (the first build back): a worker other than the running one.
    await server.stop();
    deploy(webDist, deployed);
    await server.start();
    const composer = ann.page.getByLabel('Share something with your neighbours');
    await composer.fill('Half a thought');
    await ann.page.evaluate(async () => {
      await (await navigator.serviceWorker.ready).update();
    });

    const banner = ann.page.getByRole('alert').filter({ hasText: 'A new version of Adopt-a-Street is ready' });
    await banner.waitFor();
    expect(await composer.inputValue()).toBe('Half a thought');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => scriptOf(ann.page).catch(() => null), { timeout: LIVE_TIMEOUT }).toBe(scriptIn(webDist));
  });
});
