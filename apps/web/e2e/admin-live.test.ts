import { beforeAll, describe, expect, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { goTo, LIVE_TIMEOUT, logIn, openApp, type Person, signUp } from './people.ts';

describe('the Admin screen, live', { timeout: 120_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  let ann: Person;

  beforeAll(async () => {
    ann = await signUp(chromium.browser, server.url, 'Ann'); // the first account: an admin
  });

  it("shows a second person's stream arrive without asking the server for figures again", async () => {
    const askedForFigures: string[] = [];
    ann.page.on('request', (request) => {
      const url = decodeURIComponent(request.url());
      if (url.includes('admin.stats') || url.includes('stats.instances')) askedForFigures.push(url);
    });
    await goTo(ann.page, 'Admin');
    const streams = ann.page.getByTestId('instance-stats').getByTestId('streams');
    await streams.waitFor();
    const before = Number(await streams.textContent());
    const loads = askedForFigures.length;

    const ben = await signUp(chromium.browser, server.url, 'Ben');
    await ann.page.waitForFunction(
      (count) => Number(document.querySelector('[data-testid="streams"]')?.textContent) > count,
      before,
      { timeout: LIVE_TIMEOUT },
    );
    expect(loads).toBe(1);
    expect(askedForFigures).toHaveLength(loads);
    await ben.page.context().close();
    await ann.page.context().close();
  });

  it('shows an import of 5,000 rows climb to the end, pushed over the stream', async () => {
    const page = await openApp(chromium.browser, server.url);
    await logIn(page, ann);
    await goTo(page, 'Admin');
    await page.getByLabel('Job', { exact: true }).selectOption('importEvents');
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `Hedge trim ${i + 1},Bring shears,2030-05-01T10:00:00Z,Ash Lane`,
    );
    await page.getByLabel('Or choose a CSV file').setInputFiles({
      name: 'hedges.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['title,description,startsAt,location', ...rows].join('\n')),
    });
    await expect.poll(() => page.getByLabel('Events as CSV').inputValue()).toMatch(/Hedge trim 5000,/);
    // Every progress the screen shows, as it changes: a job that jumped from nothing to done would show one.
    await page.evaluate(() => {
      const seen: number[] = [];
      Object.assign(window, { progressSeen: seen });
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('li.job-running progress, li.job-done progress');
        if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const askedForJobs: string[] = [];
    page.on('request', (request) => {
      if (decodeURIComponent(request.url()).includes('jobs.list')) askedForJobs.push(request.url());
    });
    await page.getByRole('button', { name: 'Start job' }).click();
    const job = page.getByRole('listitem', { name: 'Import events from CSV: done' });
    await job.getByText('Imported 5000 of 5000 rows as draft events.').waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    const between = seen.filter((value) => value > 0 && value < 100);
    expect(between.length, `progress shown: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect(askedForJobs).toEqual([]);
    await page.context().close();
  });
});
