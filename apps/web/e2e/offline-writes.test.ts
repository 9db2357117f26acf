import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { feedOnServer } from './offline.ts';
import { goTo, post, waitUntilLive, writePost } from './people.ts';
import { settled } from './screen-states.ts';

const waiting = (page: Page) => page.getByTestId('waiting-count');

describe('actions taken offline wait in the queue and land once, in order', { timeout: 90_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium);

  it('keeps offline actions through a reload and a lost answer, then sends each once, in order', async () => {
    const page = ann.page;
    const context = page.context();
    await writePost(page, 'Skip arrives Friday');
    await settled(page);

    await context.setOffline(true);
    await writePost(page, 'Queued first');
    await post(page, 'Skip arrives Friday')
      .getByRole('button', { name: /^Like post/ })
      .click();
    await writePost(page, 'Queued second');
    await post(page, 'Queued first').getByTestId('pending').waitFor();
    await waiting(page).getByText('3 changes waiting to be sent').waitFor();

    // Back on the network, but the server is unreachable for writes: the first one is stored by the server and
    // its answer lost on the way back; the others never get there. Then the tab reloads.
    let reachedServer!: () => void;
    const firstStored = new Promise<void>((resolve) => (reachedServer = resolve));
    let first = true;
    await context.route('**/trpc/**', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      if (first) {
        first = false;
        await route.fetch();
        reachedServer();
      }
      await route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await firstStored;
    await page.reload();
    await waitUntilLive(page);
    await waiting(page).getByText('3 changes waiting to be sent').waitFor();
    await post(page, 'Queued second').getByTestId('pending').waitFor();

    await context.setOffline(true);
    await context.unrouteAll();
    await context.setOffline(false);
    await settled(page);
    await waiting(page).waitFor({ state: 'detached' });

    const feed = await feedOnServer(page);
    expect(feed.filter((p) => p.body === 'Queued first')).toHaveLength(1);
    expect(feed.filter((p) => p.body === 'Queued second')).toHaveLength(1);
    expect(feed.map((p) => p.body).slice(0, 3)).toEqual(['Queued second', 'Queued first', 'Skip arrives Friday']);
    expect(feed.find((p) => p.body === 'Skip arrives Friday')).toMatchObject({ likes: 1, likedByMe: true });
    expect(await post(page, 'Queued first').count()).toBe(1);
  });

  it('rolls back a queued adoption someone else beat, with the reason, and sends the rest of the queue', async () => {
    await goTo(ann.page, 'Admin');
    await ann.page.getByLabel('Street name').fill('Elm Street');
    await ann.page.getByRole('button', { name: 'Add street' }).click();
    await goTo(ben.page, 'Streets');
    await goTo(ann.page, 'Streets');
    const street = (page: Page) => page.getByRole('listitem', { name: 'Elm Street' });
    await street(ben.page).waitFor();

    await ben.page.context().setOffline(true);
    await street(ben.page).getByRole('button', { name: 'Adopt' }).click();
    await street(ben.page).getByText('Adopted by you').waitFor();
    await street(ben.page).getByTestId('pending').waitFor();
    await goTo(ben.page, 'Feed');
    await writePost(ben.page, 'Ben is on his way');

    await street(ann.page).getByRole('button', { name: 'Adopt' }).click();
    await street(ann.page).getByText('Adopted by you').waitFor();
    await settled(ann.page);

    await ben.page.context().setOffline(false);
    await ben.page
      .getByRole('alert')
      .getByText('Elm Street is already adopted by Ann. Pick another street, or ask them to release it.')
      .waitFor();
    await settled(ben.page);
    expect((await feedOnServer(ben.page)).filter((p) => p.body === 'Ben is on his way')).toHaveLength(1);
    await goTo(ben.page, 'Streets');
    await street(ben.page).getByText('Adopted by Ann').waitFor();

    await ben.page.getByRole('button', { name: 'Dismiss' }).click();
    await ben.page.getByRole('alert').waitFor({ state: 'detached' });
  });

  it('shares one queue between the tabs of a browser: another tab shows what waits and it lands once', async () => {
    const context = ann.page.context();
    await goTo(ann.page, 'Feed');
    const other = await context.newPage();
    await other.goto('/');
    await waitUntilLive(other);
    await context.setOffline(true);
    await writePost(other, 'Written in the second tab');
    await post(ann.page, 'Written in the second tab').getByTestId('pending').waitFor();
    await waiting(ann.page).getByText('1 change waiting to be sent').waitFor();
    await context.setOffline(false);
    await settled(other);
    await settled(ann.page);
    expect((await feedOnServer(ann.page)).filter((p) => p.body === 'Written in the second tab')).toHaveLength(1);
    expect(await post(ann.page, 'Written in the second tab').count()).toBe(1);
    await other.close();
  });

  it('tells the person their queued change to a task someone deleted meanwhile was not made, by its name', async () => {
    await goTo(ann.page, 'Tasks');
    await goTo(ben.page, 'Tasks');
    await ann.page.getByLabel('New task').fill('Paint the fence');
    await ann.page.getByRole('button', { name: 'Add task' }).click();
    await settled(ann.page);
    const task = (page: Page, column: string) =>
      page.getByRole('region', { name: column }).getByRole('article', { name: 'Paint the fence' });
    await task(ben.page, 'Open').waitFor();

    await ben.page.context().setOffline(true);
    await task(ben.page, 'Open').getByLabel('Status').selectOption('done');
    await task(ben.page, 'Done').getByTestId('pending').waitFor();
    await task(ann.page, 'Open').getByRole('button', { name: 'Delete' }).click();
    await settled(ann.page);

    await ben.page.context().setOffline(false);
    await ben.page
      .getByRole('alert')
      .getByText('“Paint the fence” was deleted meanwhile, so your change to it was not made.')
      .waitFor();
    await task(ben.page, 'Done').waitFor({ state: 'detached' });
    expect(await ben.page.getByRole('article', { name: 'Paint the fence' }).count()).toBe(0);
  });
});
