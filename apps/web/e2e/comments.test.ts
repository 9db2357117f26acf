import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { type Person, post, unreadCount, writePost } from './people.ts';

function comments(person: Person, postBody: string) {
  return post(person.page, postBody).getByRole('region', { name: /^Comments on post by/ });
}

async function openComments(person: Person, postBody: string): Promise<void> {
  await post(person.page, postBody)
    .getByRole('button', { name: /^\d+ comments?$/ })
    .click();
  await comments(person, postBody).waitFor();
}

async function writeComment(person: Person, postBody: string, body: string): Promise<void> {
  await comments(person, postBody).getByLabel('Write a comment').fill(body);
  await person.page.keyboard.press('Enter');
}

function comment(person: Person, postBody: string, body: string) {
  return comments(person, postBody).getByRole('listitem').filter({ hasText: body });
}

function countButton(person: Person, postBody: string, text: string) {
  return post(person.page, postBody).getByRole('button', { name: text, exact: true });
}

function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

function pathOf(person: Person): string {
  return new URL(person.page.url()).pathname;
}

async function unread(person: Person): Promise<number> {
  return (await unreadCount(person.page).count()) === 0 ? 0 : Number(await unreadCount(person.page).textContent());
}

describe('comments and likes between two people, live', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium); // Ann is the first account: an admin

  it('shows a comment on the open panel and the count on both screens, and tells the post’s author', async () => {
    await writePost(ann.page, 'Who has a ladder?');
    await openComments(ann, 'Who has a ladder?');
    expect(ann.page.url()).toMatch(/\/posts\/[^/]+$/);
    // The panel has a URL of its own: Ben opens the link Ann would share.
    await ben.page.goto(ann.page.url());
    await comments(ben, 'Who has a ladder?').waitFor();
    await expect.poll(() => hasFocus(comments(ben, 'Who has a ladder?').getByLabel('Write a comment'))).toBe(true);
    const annUnread = await unread(ann);

    await writeComment(ben, 'Who has a ladder?', 'Mine is in the shed, come by');
    await comment(ann, 'Who has a ladder?', 'Mine is in the shed, come by').waitFor();
    await countButton(ann, 'Who has a ladder?', '1 comment').waitFor();
    await countButton(ben, 'Who has a ladder?', '1 comment').waitFor();
    await expect.poll(() => unread(ann)).toBe(annUnread + 1);
    await ann.page.getByRole('link', { name: /^Notifications/ }).click();
    await ann.page.getByText('Ben commented on your post: "Mine is in the shed, come by"').waitFor();
    // Back in the browser's history is the open panel again.
    await ann.page.goBack();
    await comment(ann, 'Who has a ladder?', 'Mine is in the shed, come by').waitFor();
    await expect(comments(ben, 'Who has a ladder?').getByLabel('Write a comment').inputValue()).resolves.toBe('');
  });

  it('removes a comment its author deletes from both screens; only the author and admins may', async () => {
    await writeComment(ann, 'Who has a ladder?', 'Thanks Ben!');
    await comment(ben, 'Who has a ladder?', 'Thanks Ben!').waitFor();
    expect(await comment(ben, 'Who has a ladder?', 'Thanks Ben!').getByRole('button').count()).toBe(0);
    // Ann is an admin: she could delete Ben's comment too.
    await comment(ann, 'Who has a ladder?', 'Mine is in the shed')
      .getByRole('button', { name: 'Delete comment by Ben' })
      .waitFor();

    await comment(ben, 'Who has a ladder?', 'Mine is in the shed')
      .getByRole('button', { name: 'Delete comment by Ben' })
      .click();
    await comment(ann, 'Who has a ladder?', 'Mine is in the shed').waitFor({ state: 'detached' });
    await comment(ben, 'Who has a ladder?', 'Mine is in the shed').waitFor({ state: 'detached' });
    await countButton(ann, 'Who has a ladder?', '1 comment').waitFor();
    await countButton(ben, 'Who has a ladder?', '1 comment').waitFor();
  });

  it('opens and closes a post’s comments from the keyboard, keeping the focus where the person is', async () => {
    const toggle = countButton(ben, 'Who has a ladder?', '1 comment');
    await toggle.focus();
    await ben.page.keyboard.press('Enter');
    await comments(ben, 'Who has a ladder?').waitFor({ state: 'detached' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(pathOf(ben)).toBe('/');

    await ben.page.keyboard.press('Enter');
    await expect.poll(() => hasFocus(comments(ben, 'Who has a ladder?').getByLabel('Write a comment'))).toBe(true);
    expect(pathOf(ben)).toMatch(/^\/posts\//);
    await ben.page.keyboard.press('Escape');
    await comments(ben, 'Who has a ladder?').waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(toggle)).toBe(true);
    await ben.page.keyboard.press('Enter');
    await comments(ben, 'Who has a ladder?').waitFor();
  });

  it('tells someone reading a post’s comments that the post was deleted, and drops its comments', async () => {
    await post(ann.page, 'Who has a ladder?').getByRole('button', { name: 'Delete', exact: true }).click();
    // Ann deleted it herself: her panel just closes.
    await expect.poll(() => pathOf(ann)).toBe('/');
    await ben.page.getByRole('status').getByText('This post was deleted.').waitFor();
    await post(ben.page, 'Who has a ladder?').waitFor({ state: 'detached' });
    expect(await ben.page.getByText('Thanks Ben!').count()).toBe(0);
    // The notice took the focus the vanished panel had.
    await expect
      .poll(() => hasFocus(ben.page.getByRole('status').filter({ hasText: 'This post was deleted.' })))
      .toBe(true);
    await ben.page.getByRole('link', { name: 'Back to the feed' }).click();
    await expect.poll(() => pathOf(ben)).toBe('/');
  });

  it('toggles my like: pressed on my screen, the count live on both', async () => {
    await writePost(ann.page, 'Fresh paint on the bench');
    const likeButton = (person: Person) =>
      post(person.page, 'Fresh paint on the bench').getByRole('button', { name: /^Like post by Ann/ });
    const likes = async (person: Person) => ({
      pressed: await likeButton(person).getAttribute('aria-pressed'),
      label: await likeButton(person).getAttribute('aria-label'),
    });

    await likeButton(ben).click();
    await expect.poll(() => likes(ben)).toEqual({ pressed: 'true', label: 'Like post by Ann, 1 like' });
    await expect.poll(() => likes(ann)).toEqual({ pressed: 'false', label: 'Like post by Ann, 1 like' });

    await likeButton(ben).click();
    await expect.poll(() => likes(ben)).toEqual({ pressed: 'false', label: 'Like post by Ann, 0 likes' });
    await expect.poll(() => likes(ann)).toEqual({ pressed: 'false', label: 'Like post by Ann, 0 likes' });

    await likeButton(ben).click();
    await likeButton(ann).click();
    await expect.poll(() => likes(ben)).toEqual({ pressed: 'true', label: 'Like post by Ann, 2 likes' });
    await expect.poll(() => likes(ann)).toEqual({ pressed: 'true', label: 'Like post by Ann, 2 likes' });
  });
});
