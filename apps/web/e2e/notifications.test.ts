import { describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { goTo, type Person, post, writePost } from './people.ts';

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

describe('notifications say what happened and open what they are about', { timeout: 60_000 }, () => {
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
    await ben.page.getByRole('article', { name: 'Sweep the bus stop' }).waitFor();
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
});
