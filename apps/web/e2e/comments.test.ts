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
    await expect.poll(() => ben.page.evaluate(() => document.activeElement?.getAttribute('id'))).toBeTruthy();
    const annUnread = await unread(ann);

    await writeComment(ben, 'Who has a ladder?', 'Mine is in the shed, come by');
    await comment(ann, 'Who has a ladder?', 'Mine is in the shed, come by').waitFor();
    await countButton(ann, 'Who has a ladder?', '1 comment').waitFor();
    await countButton(ben, 'Who has a ladder?', '1 comment').waitFor();
    await expect.poll(() => unread(ann)).toBe(annUnread + 1);
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

  it('tells someone reading a post’s comments that the post was deleted, and drops its comments', async () => {
    await post(ann.page, 'Who has a ladder?').getByRole('button', { name: 'Delete', exact: true }).click();
    await ben.page.getByRole('status').getByText('This post was deleted.').waitFor();
    await post(ben.page, 'Who has a ladder?').waitFor({ state: 'detached' });
    expect(await ben.page.getByText('Thanks Ben!').count()).toBe(0);
    // The notice took the focus the vanished panel had.
    await expect
      .poll(() => ben.page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('This post was deleted.');
    await ben.page.getByRole('link', { name: 'Back to the feed' }).click();
    await expect.poll(() => new URL(ben.page.url()).pathname).toBe('/');
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
    await expect.poll(() => likes(ben)).toEqual({ pressed: 'true', label: 'Like post by Ann, 1 likes' });
    await expect.poll(() => likes(ann)).toEqual({ pressed: 'false', label: 'Like post by Ann, 1 likes' });

    await likeButton(ben).click();
    await expect.poll(() => likes(ben)).toEqual({ pressed: 'false', label: 'Like post by Ann, 0 likes' });
    await expect.poll(() => likes(ann)).toEqual({ pressed: 'false', label: 'Like post by Ann, 0 likes' });

    await likeButton(ben).click();
    await likeButton(ann).click();
    await expect.poll(() => likes(ben)).toEqual({ pressed: 'true', label: 'Like post by Ann, 2 likes' });
    await expect.poll(() => likes(ann)).toEqual({ pressed: 'true', label: 'Like post by Ann, 2 likes' });
  });
});
