import { describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { feedOnServer, storedWrites } from './offline.ts';
import { logIn, post, waitUntilLive, writePost } from './people.ts';
import { settled } from './screen-states.ts';

const HOUR_MS = 60 * 60 * 1000;

describe('what the browser keeps of a person’s writes, and for how long', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann } = useAnnAndBen(server, chromium);

  it('does not log out while a change waits for the network, and keeps nothing of the person after', async () => {
    const page = ann.page;
    const context = page.context();
    await context.setOffline(true);
    await writePost(page, 'Written just before leaving');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('1 change not sent yet: log out once the connection is back, or they are lost.').waitFor();
    await expect(page.locator('.me-name').textContent()).resolves.toBe(ann.name);

    await context.setOffline(false);
    await settled(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('tab', { name: 'Log in' }).waitFor();
    await expect.poll(() => storedWrites(page)).toEqual([]);
    await logIn(page, ann);
    const bodies = (await feedOnServer(page)).map((p) => p.body);
    expect(bodies.filter((body) => body === 'Written just before leaving')).toHaveLength(1);
  });

  it('drops anyone’s writes after a week, and does not resend one whose key the server no longer keeps', async () => {
    const page = ann.page;
    await waitUntilLive(page);
    const me = await page.evaluate(() => fetch('/trpc/auth.me').then((r) => r.json()));
    const annId: string = me.result.data.id;
    const now = Date.now();
    const base = { path: 'posts.create', seen: { by: 'x', at: new Date(now).toISOString() }, held: true };
    await storedWrites(page, [
      // A person who never came back to this browser: their queue from eight days ago.
      {
        ...base,
        key: 'gone-1',
        userId: 'someone-gone',
        input: { body: 'Never sent' },
        at: now - 192 * HOUR_MS,
        state: 'new',
      },
      // Ann's, sent 25 hours ago with its answer lost: it may have landed, and its key is gone from the server.
      {
        ...base,
        key: 'ann-old',
        userId: annId,
        input: { body: 'Sent a day ago' },
        at: now - 25 * HOUR_MS,
        sentAt: now - 25 * HOUR_MS,
        state: 'new',
      },
    ]);
    await page.reload();
    await waitUntilLive(page);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Not sent again: its first try may have reached the server' })
      .waitFor();
    expect(await post(page, 'Sent a day ago').count()).toBe(0);
    await expect
      .poll(async () => (await storedWrites(page)).map((w) => [w.key, w.state]))
      .toEqual([['ann-old', 'failed']]);
    await writePost(page, 'A fresh one goes out');
    await settled(page);
    expect((await feedOnServer(page)).map((p) => p.body)).not.toContain('Sent a day ago');
  });
});
