import type { Api } from '@adopt/api/contract';
import { signUp as signUpThroughApi } from '@adopt/server/test/http-client';
import { ServerProcess } from '@adopt/server/test/server-process';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { goTo, post, waitUntilLive, writePost } from './people.ts';

/** Reconnecting backs off exponentially, so recovery may take a few attempts after a restart. */
const RECOVERY_TIMEOUT = 30_000;

describe('the app recovers by itself', { timeout: 90_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium); // Ann is the first account: an admin
  /** Ben's second tab, which follows the stream his other tab holds for both. */
  let benToo: Page;
  const bensTabs = () => [ben.page, benToo];

  beforeAll(async () => {
    benToo = await ben.page.context().newPage();
    await benToo.goto('/');
    await waitUntilLive(benToo);
  });

  /** While the browsers' server is down, a neighbour changes things through another instance on the same database. */
  async function changeElsewhere(name: string, change: (api: Api) => Promise<void>): Promise<void> {
    const elsewhere = new ServerProcess('elsewhere', { DATABASE_PATH: server.databasePath });
    try {
      await elsewhere.start();
      await change((await signUpThroughApi(elsewhere.url, name)).api);
    } finally {
      await elsewhere.close();
    }
  }

  it('after the server is killed and restarted, and shows what happened in between', async () => {
    await goTo(ann.page, 'Tasks');
    await writePost(ben.page, 'Before the restart');

    await server.stop('SIGKILL');
    for (const page of [ann.page, ...bensTabs()]) {
      await page.locator('.live-status[data-state="reconnecting"]').waitFor();
    }

    await changeElsewhere('Cat', async (cat) => {
      await cat.posts.create.mutate({ body: 'Written while you were away' });
      await cat.tasks.create.mutate({ title: 'Fix the broken bench' });
    });

    await server.start();
    for (const page of bensTabs()) await waitUntilLive(page, RECOVERY_TIMEOUT);
    await waitUntilLive(ann.page, RECOVERY_TIMEOUT);
    for (const page of bensTabs()) {
      await post(page, 'Written while you were away').waitFor();
      expect(await post(page, 'Written while you were away').count()).toBe(1);
      expect(await post(page, 'Before the restart').count()).toBe(1);
    }
    await ann.page
      .getByRole('region', { name: 'Open' })
      .getByRole('article', { name: 'Fix the broken bench' })
      .waitFor();

    // And it is live again, not just refreshed.
    await goTo(ann.page, 'Feed');
    await writePost(ann.page, 'Back after the restart');
    for (const page of bensTabs()) await post(page, 'Back after the restart').waitFor();
  });

  it('by loading fresh lists when the server no longer keeps the events it missed', async () => {
    await goTo(ann.page, 'Tasks');
    await server.stop('SIGKILL');
    await ben.page.locator('.live-status[data-state="reconnecting"]').waitFor();
    await changeElsewhere('Dan', async (dan) => {
      await dan.posts.create.mutate({ body: 'Missed while the log was trimmed' });
      await dan.tasks.create.mutate({ title: 'Trimmed task' });
    });

    // Keeping only the newest event, the server cannot replay what the browsers missed: it tells them to resync.
    await server.start({ EVENT_RETENTION_COUNT: '1' });
    for (const page of bensTabs()) {
      await post(page, 'Missed while the log was trimmed').waitFor({ timeout: RECOVERY_TIMEOUT });
    }
    await ann.page
      .getByRole('region', { name: 'Open' })
      .getByRole('article', { name: 'Trimmed task' })
      .waitFor({ timeout: RECOVERY_TIMEOUT });
    for (const page of bensTabs()) await waitUntilLive(page);
    await goTo(ann.page, 'Feed');
    await writePost(ann.page, 'Live again after the resync');
    for (const page of bensTabs()) await post(page, 'Live again after the resync').waitFor();
  });

  it('when the browser goes offline and comes back', async () => {
    const context = ben.page.context();
    await context.setOffline(true);
    for (const page of bensTabs()) await page.locator('.live-status[data-state="offline"]').waitFor();
    await writePost(ann.page, 'Posted while Ben was offline');
    await context.setOffline(false);
    for (const page of bensTabs()) {
      await waitUntilLive(page, RECOVERY_TIMEOUT);
      await post(page, 'Posted while Ben was offline').waitFor();
    }
  });
});
