import { describe, expect, it } from 'vitest';
import { useDelayingProxy } from './delaying-proxy.ts';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { goTo, post, waitUntilLive, writePost } from './people.ts';
import { settled, type Watched, watched, watchItem } from './screen-states.ts';

const LATENCY_MS = 400;

/**
 * The change was on screen in the click's own frame, while the answer took the full round trip (so the latency
 * was there, and the screen did not wait for it), and it never went back or doubled.
 */
function expectOptimistic(seen: Watched, states: string[]): void {
  expect(seen.sameFrame, `not in the click’s frame: ${JSON.stringify(seen)}`).toBe(true);
  expect(seen.clickToAnswer).not.toBeNull();
  expect(seen.clickToAnswer!).toBeGreaterThanOrEqual(LATENCY_MS);
  expect(seen.states).toEqual(states);
}

describe('every action shows at once, with 400 ms between browser and server', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann } = useAnnAndBen(server, chromium);
  const proxy = useDelayingProxy(() => server.url, LATENCY_MS);

  it('shows my post, my like and my comment in the click’s own frame, then settles without flicker', async () => {
    const page = ann.page;
    // The same session (cookies do not go by port), every byte each way held for half the round trip.
    await page.goto(proxy.url);
    await waitUntilLive(page);

    await page.getByLabel('Share something with your neighbours').fill('Bins go out on Tuesday');
    await watchItem(page, { selector: 'article', text: 'Bins go out on Tuesday' });
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await settled(page);
    expectOptimistic(await watched(page, 'posts.create'), ['0|', '1|']);

    const card = post(page, 'Bins go out on Tuesday');
    await card.getByRole('button', { name: /^Like post/ }).waitFor();
    await watchItem(page, { selector: 'article', text: 'Bins go out on Tuesday', detail: '.likes' });
    await card.getByRole('button', { name: /^Like post/ }).click();
    await settled(page);
    expectOptimistic(await watched(page, 'posts.like'), ['1|0false', '1|1true']);

    await card.getByRole('button', { name: '0 comments' }).click();
    await page.getByLabel('Write a comment').fill('I will bring the blue one');
    await watchItem(page, { selector: '.comment', text: 'I will bring the blue one' });
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await settled(page);
    expectOptimistic(await watched(page, 'comments.create'), ['0|', '1|']);

    // The same words twice within one round trip: two posts at once, and still two when the stream brings them.
    await watchItem(page, { selector: 'article', text: 'Skip collection moved' });
    for (let i = 0; i < 2; i += 1) {
      await page.getByLabel('Share something with your neighbours').fill('Skip collection moved');
      await page.getByRole('button', { name: 'Post', exact: true }).click();
    }
    await settled(page);
    expect((await watched(page, 'posts.create')).states).toEqual(['0|', '1|', '2|']);
  });

  it('moves a task and deletes a post at once', async () => {
    const page = ann.page;
    await writePost(page, 'Wrong street, sorry');
    await settled(page);
    await watchItem(page, { selector: 'article', text: 'Wrong street, sorry' });
    await post(page, 'Wrong street, sorry').getByRole('button', { name: 'Delete' }).click();
    await settled(page);
    expectOptimistic(await watched(page, 'posts.delete'), ['1|', '0|']);

    await goTo(page, 'Tasks');
    // The list is loaded (an action on a list still loading shows when the list does).
    await page.getByText('No tasks yet').waitFor();
    await page.getByLabel('New task').fill('Paint the bench');
    await watchItem(page, { selector: 'article', text: 'Paint the bench' });
    await page.getByRole('button', { name: 'Add task' }).click();
    await settled(page);
    expectOptimistic(await watched(page, 'tasks.create'), ['0|', '1|']);

    const inColumn = (name: string) =>
      page.getByRole('region', { name }).getByRole('article', { name: 'Paint the bench' });
    await watchItem(page, { selector: '[aria-label="Done"] article', text: 'Paint the bench' });
    await inColumn('Open').getByLabel('Status').selectOption('done');
    await settled(page);
    expectOptimistic(await watched(page, 'tasks.update'), ['0|', '1|']);

    // Giving it to Ben: the commit ends with Ben's notification, which Ann's stream never carries; her screen
    // settles on the task's own event instead of waiting for it.
    await watchItem(page, { selector: 'article', text: 'with Ben' });
    await inColumn('Done').getByLabel('Assignee').selectOption({ label: 'Ben' });
    await settled(page);
    expectOptimistic(await watched(page, 'tasks.update'), ['0|', '1|']);
  });
});
