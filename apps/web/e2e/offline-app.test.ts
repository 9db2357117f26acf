import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signUp as signUpThroughApi } from '@adopt/server/test/http-client';
import { ServerProcess } from '@adopt/server/test/server-process';
import { describe, expect, it } from 'vitest';
import { launchChromiumProfile, useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { appCached, savedCacheText, savedForOffline } from './offline.ts';
import { logIn, openApp, post, waitUntilLive, writePost } from './people.ts';

/** Reconnecting backs off, so coming back may take a few attempts after the server starts again. */
const RECOVERY_TIMEOUT = 30_000;

describe('the app opens offline', { timeout: 90_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium);

  it('is installable: Chromium finds nothing missing (manifest, icons, service worker)', async () => {
    // Chromium never offers to install from an incognito context, which is what the other tests use.
    const profile = await launchChromiumProfile(mkdtempSync(path.join(tmpdir(), 'adopt-profile-')), server.url);
    try {
      const page = await profile.newPage();
      await page.goto('/');
      await appCached(page);
      const cdp = await profile.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
    } finally {
      await profile.close();
    }
  });

  it('with the server stopped, shows the last posts marked offline, and catches up when it is back', async () => {
    await writePost(ann.page, 'Seen before the outage');
    await post(ben.page, 'Seen before the outage').waitFor();
    await appCached(ben.page);
    await savedForOffline(ben.page, 'Seen before the outage');

    await server.stop();
    await ben.page.reload();
    await post(ben.page, 'Seen before the outage').waitFor();
    const notice = ben.page.getByRole('status').filter({ hasText: 'Offline: showing what was here at' });
    await notice.waitFor();
    // Still Ben's session, not the login screen.
    await ben.page.getByRole('button', { name: 'Log out' }).waitFor();

    // Meanwhile a neighbour posts through another instance on the same database.
    const elsewhere = new ServerProcess('elsewhere', { DATABASE_PATH: server.databasePath });
    try {
      await elsewhere.start();
      await (await signUpThroughApi(elsewhere.url, 'Cat')).api.posts.create.mutate({
        body: 'Written while Ben was offline',
      });
    } finally {
      await elsewhere.close();
    }

    await server.start();
    await waitUntilLive(ben.page, RECOVERY_TIMEOUT);
    await post(ben.page, 'Written while Ben was offline').waitFor();
    await notice.waitFor({ state: 'detached' });
    expect(await post(ben.page, 'Seen before the outage').count()).toBe(1);
    // Live again, not just refreshed.
    await writePost(ann.page, 'Back after the outage');
    await post(ben.page, 'Back after the outage').waitFor();
  });

  it('keeps nothing of one person for the next on the same browser: logout removes the saved copy', async () => {
    const page = await openApp(chromium.browser, server.url);
    await logIn(page, ann);
    await appCached(page);
    await savedForOffline(page, ann.email);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('tab', { name: 'Log in' }).waitFor();
    await expect.poll(() => savedCacheText(page)).toBe('');

    await logIn(page, ben);
    await savedForOffline(page, ben.email);
    expect(await savedCacheText(page)).not.toContain(ann.email);
    await server.stop();
    try {
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'Offline: showing what was here at' }).waitFor();
      expect(await page.locator('.me-name').textContent()).toBe(ben.name);
    } finally {
      await server.start();
      await page.context().close();
    }
  });
});
