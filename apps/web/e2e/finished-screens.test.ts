import { describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { goTo, logIn, openApp, type Person, post, writePost } from './people.ts';

function inbox(person: Person) {
  return person.page.locator('ul.notifications > li');
}

async function openInbox(person: Person): Promise<void> {
  await person.page.getByRole('link', { name: /^Notifications/ }).click();
  await person.page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
}

function pathOf(person: Person): string {
  return new URL(person.page.url()).pathname;
}

describe('finished screens, as a person judges them', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium);

  it('names a finished task without its id and links to the task', async () => {
    await writePost(ben.page, 'Ben is here to help'); // puts Ben on the leaderboard, so he can be given a task
    await goTo(ann.page, 'Tasks');
    await ann.page.getByLabel('New task').fill('Sweep the bus stop');
    await ann.page.getByRole('button', { name: 'Add task' }).click();
    const task = ann.page.getByRole('article', { name: 'Sweep the bus stop' });
    await task.getByLabel('Assignee').selectOption({ label: 'Ben' });
    await task.getByLabel('Status').selectOption('done');

    await openInbox(ben);
    await ben.page.getByText('You earned 10 points: Finished the task "Sweep the bus stop".').waitFor();
    const texts = await inbox(ben).allTextContents();
    for (const text of texts) expect(text).not.toMatch(/\((task|event|post|street) /);

    await ben.page.getByRole('link', { name: 'Ann gave you the task "Sweep the bus stop".' }).click();
    expect(pathOf(ben)).toBe('/tasks');
    const linked = ben.page.getByRole('article', { name: 'Sweep the bus stop' });
    await expect.poll(() => linked.getAttribute('data-linked')).toBe('true');
    expect(await linked.isVisible()).toBe(true);
  });

  it('opens the comments of the post a comment notification is about', async () => {
    await goTo(ann.page, 'Feed');
    await post(ann.page, 'Ben is here to help')
      .getByRole('button', { name: /^\d+ comments?$/ })
      .click();
    await ann.page.getByLabel('Write a comment').fill('Welcome, Ben');
    await ann.page.keyboard.press('Enter');
    await ann.page.getByRole('listitem').filter({ hasText: 'Welcome, Ben' }).waitFor();

    await openInbox(ben);
    await ben.page.getByRole('link', { name: 'Ann commented on your post: "Welcome, Ben"' }).click();
    expect(pathOf(ben)).toMatch(/^\/posts\/[^/]+$/);
    await post(ben.page, 'Ben is here to help')
      .getByRole('region', { name: /^Comments on post by/ })
      .getByText('Welcome, Ben')
      .waitFor();
  });

  it('keeps every section of the navigation in sight on a phone', async () => {
    const context = await chromium.browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto('/');
      await logIn(page, ann); // an admin, so the navigation has its longest list
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      expect(await links.allTextContents()).toEqual(['Feed', 'Events', 'Tasks', 'Streets', 'Leaderboard', 'Admin']);
      for (const link of await links.all()) {
        const name = (await link.textContent()) ?? '';
        const box = await link.boundingBox();
        expect(box, `${name} is not shown`).not.toBeNull();
        expect(box!.x, `${name} starts off-screen`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${name} ends off-screen`).toBeLessThanOrEqual(375);
      }
      await page.getByRole('link', { name: 'Admin', exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin');
    } finally {
      await context.close();
    }
  });

  it('heads the log-in screen with what the form does and marks the chosen tab', async () => {
    const page = await openApp(chromium.browser, server.url);
    try {
      await page.getByRole('heading', { level: 1, name: 'Log in to your account' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Log in' }).getAttribute('aria-selected')).toBe('true');
      await page.getByRole('tab', { name: 'Sign up' }).click();
      await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Sign up', selected: true }).count()).toBe(1);
      expect(await page.getByRole('tab', { name: 'Log in', selected: false }).count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('tells a member the admin page is not for them and offers the way back', async () => {
    await goTo(ben.page, 'Feed');
    await ben.page.goto('/admin');
    await ben.page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    await ben.page.getByRole('link', { name: 'Go to the feed' }).click();
    expect(pathOf(ben)).toBe('/');
    await ben.page.getByLabel('Share something with your neighbours').waitFor();
  });

  it('shows organisers their own event and what they can do with it', async () => {
    await goTo(ann.page, 'Events');
    await ann.page.getByRole('button', { name: 'Plan a clean-up' }).click();
    await ann.page.getByLabel('Title').fill('Canal litter pick');
    await ann.page.getByLabel('Meeting point').fill('The lock');
    await ann.page.getByRole('button', { name: 'Save draft' }).click();
    const mine = ann.page.getByRole('article', { name: 'Canal litter pick' });
    await mine.getByText('Organised by you: you can edit, publish or cancel it').waitFor();
    await mine.getByRole('button', { name: 'Publish' }).click();
    await mine.getByText('Organised by you: you can edit or cancel it').waitFor();
    await goTo(ben.page, 'Events');
    await ben.page.getByRole('article', { name: 'Canal litter pick' }).getByText('Organised by Ann').waitFor();
  });

  it('groups the points history by what earned them instead of repeating a line', async () => {
    await goTo(ben.page, 'Feed');
    await writePost(ben.page, 'Second post from Ben');
    await writePost(ben.page, 'Third post from Ben');
    await ben.page.getByTitle('My badges and points').click();
    const history = ben.page.getByRole('region', { name: 'Points history' });
    await history.getByText('×3').waitFor();
    expect(await history.getByRole('listitem').filter({ hasText: 'Posted to the feed' }).count()).toBe(1);
  });
});
