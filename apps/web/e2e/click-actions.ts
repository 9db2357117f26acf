// The actions whose click-to-screen time `pnpm bench --click` measures (e2e/measure-click.ts): each gets its item
// ready, starts watching it, acts as a person would and waits until the stream has passed the write.
import type { Page } from 'playwright-core';
import { post, writePost } from './people.ts';
import { settled, watchItem } from './screen-states.ts';

export interface ClickAction {
  /** As the table names it. */
  name: string;
  /** The mutation's tRPC path, to find its answer's timing. */
  path: string;
  /** The screen it happens on, by its link in the main navigation. */
  screen: 'Feed' | 'Tasks';
  /** One round: `text` is new each round, so each round watches an item of its own. */
  run(page: Page, text: string): Promise<void>;
}

export const CLICK_ACTIONS: ClickAction[] = [
  {
    name: 'post',
    path: 'posts.create',
    screen: 'Feed',
    async run(page, text) {
      await page.getByLabel('Share something with your neighbours').fill(text);
      await watchItem(page, { selector: 'article', text });
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      await settled(page);
    },
  },
  {
    name: 'like',
    path: 'posts.like',
    screen: 'Feed',
    async run(page, text) {
      await writePost(page, text);
      await settled(page);
      const like = post(page, text).getByRole('button', { name: /^Like post/ });
      await watchItem(page, { selector: 'article', text, detail: '.likes' });
      await like.click();
      await settled(page);
    },
  },
  {
    name: 'task moved to Done',
    path: 'tasks.update',
    screen: 'Tasks',
    async run(page, text) {
      await page.getByLabel('New task').fill(text);
      await page.getByRole('button', { name: 'Add task' }).click();
      const task = page.getByRole('region', { name: 'Open' }).getByRole('article', { name: text });
      await task.waitFor();
      await settled(page);
      await watchItem(page, { selector: '[aria-label="Done"] article', text });
      await task.getByLabel('Status').selectOption('done');
      await settled(page);
    },
  },
];
