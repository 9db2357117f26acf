import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { openApp, post, writePost } from './people.ts';

const SIZES = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

const SCREENS = ['/', '/events', '/tasks', '/streets', '/leaderboard', '/notifications', '/me', '/admin'];

/** What a screen reader or keyboard user cannot get past: axe's serious and critical findings, one line each. */
async function barriers(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.help}): ${node.target.join(' ')}`));
}

/** Moves to a screen the way the app's own links do, without loading the app again. */
async function show(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
}

describe('every screen passes an axe scan with no serious or critical finding', { timeout: 120_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium);

  beforeAll(async () => {
    await writePost(ben.page, 'Anyone for a litter pick on Saturday?');
    await ann.page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  for (const size of SIZES) {
    it(`at ${size.name} size`, async () => {
      const page = ann.page;
      await page.setViewportSize(size);
      const found: Record<string, string[]> = {};
      for (const path of SCREENS) {
        await show(page, path);
        found[path] = await barriers(page);
      }
      await show(page, '/');
      await post(page, 'Anyone for a litter pick')
        .getByRole('button', { name: /^\d+ comments?$/ })
        .click();
      await page.getByLabel('Write a comment').waitFor();
      found['/ with comments open'] = await barriers(page);

      const login = await openApp(chromium.browser, server.url);
      await login.setViewportSize(size);
      await login.getByRole('tab', { name: 'Log in' }).waitFor();
      found['login screen'] = await barriers(login);
      await login.context().close();

      expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0))).toEqual({});
    });
  }
});
