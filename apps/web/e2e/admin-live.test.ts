import { describe, expect, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { goTo, LIVE_TIMEOUT, signUp } from './people.ts';

describe('the Admin screen, live', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();

  it("shows a second person's stream arrive without asking the server for figures again", async () => {
    const ann = await signUp(chromium.browser, server.url, 'Ann'); // the first account: an admin
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
});
