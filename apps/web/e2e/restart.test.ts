import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUser } from './api-client.ts';
import { freePort, launchChromium, spawnServer, TestServer } from './harness.ts';
import { goTo, type Person, post, signUp, waitUntilLive, writePost } from './people.ts';

/** Reconnecting backs off exponentially, so recovery may take a few attempts after a restart. */
const RECOVERY_TIMEOUT = 30_000;

describe('the app recovers by itself', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let ann: Person;
  let ben: Person;

  beforeAll(async () => {
    server = await TestServer.start();
    browser = await launchChromium();
    ann = await signUp(browser, server.url, 'Ann');
    ben = await signUp(browser, server.url, 'Ben');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('after the server is killed and restarted, and shows what happened in between', async () => {
    await goTo(ann.page, 'Tasks');
    await writePost(ben.page, 'Before the restart');

    await server.kill();
    for (const person of [ann, ben]) {
      await person.page.locator('.live-status[data-state="reconnecting"]').waitFor();
    }

    // While the browsers' server is down, a neighbour changes things through another instance on the same database.
    const elsewhere = await spawnServer(await freePort(), server.databasePath);
    const cat = await apiUser(elsewhere.url, 'Cat');
    await cat.api.posts.create.mutate({ body: 'Written while you were away' });
    await cat.api.tasks.create.mutate({ title: 'Fix the broken bench' });
    elsewhere.child.kill('SIGKILL');
    await elsewhere.exited;

    await server.startProcess();
    await waitUntilLive(ben.page, RECOVERY_TIMEOUT);
    await waitUntilLive(ann.page, RECOVERY_TIMEOUT);
    await post(ben.page, 'Written while you were away').waitFor();
    await ann.page
      .getByRole('region', { name: 'Open' })
      .getByRole('article', { name: 'Fix the broken bench' })
      .waitFor();
    expect(await post(ben.page, 'Written while you were away').count()).toBe(1);
    expect(await post(ben.page, 'Before the restart').count()).toBe(1);

    // And it is live again, not just refreshed.
    await goTo(ann.page, 'Feed');
    await writePost(ann.page, 'Back after the restart');
    await post(ben.page, 'Back after the restart').waitFor();
  });

  it('by loading fresh lists when the server no longer keeps the events it missed', async () => {
    await goTo(ann.page, 'Tasks');
    await server.kill();
    await ben.page.locator('.live-status[data-state="reconnecting"]').waitFor();
    const elsewhere = await spawnServer(await freePort(), server.databasePath);
    const dan = await apiUser(elsewhere.url, 'Dan');
    await dan.api.posts.create.mutate({ body: 'Missed while the log was trimmed' });
    await dan.api.tasks.create.mutate({ title: 'Trimmed task' });
    elsewhere.child.kill('SIGKILL');
    await elsewhere.exited;

    // Keeping only the newest event, the server cannot replay what the browsers missed: it tells them to resync.
    await server.startProcess({ EVENT_RETENTION_COUNT: '1' });
    await post(ben.page, 'Missed while the log was trimmed').waitFor({ timeout: RECOVERY_TIMEOUT });
    await ann.page
      .getByRole('region', { name: 'Open' })
      .getByRole('article', { name: 'Trimmed task' })
      .waitFor({ timeout: RECOVERY_TIMEOUT });
    await waitUntilLive(ben.page);
    await goTo(ann.page, 'Feed');
    await writePost(ann.page, 'Live again after the resync');
    await post(ben.page, 'Live again after the resync').waitFor();
  });

  it('when the browser goes offline and comes back', async () => {
    const context = ben.page.context();
    await context.setOffline(true);
    await ben.page.locator('.live-status[data-state="offline"]').waitFor();
    await writePost(ann.page, 'Posted while Ben was offline');
    await context.setOffline(false);
    await waitUntilLive(ben.page, RECOVERY_TIMEOUT);
    await post(ben.page, 'Posted while Ben was offline').waitFor();
  });
});
