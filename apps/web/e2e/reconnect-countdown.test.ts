import { describe, expect, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { signUp } from './people.ts';

/** The longest wait between reconnect attempts (the backoff's cap), in whole seconds. */
const LONGEST_WAIT_SECONDS = 15;

describe('the reconnect countdown', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();

  it('counts down from the real wait, however long the page has been open', async () => {
    const { page } = await signUp(chromium.browser, server.url, 'Rae');
    // The page has been open a minute: a countdown measured from when the badge first drew would now say ~61s.
    await page.clock.install();
    await page.clock.fastForward(60_000);
    await server.stop('SIGKILL');
    const label = page.locator('.live-status .live-label');
    await expect.poll(() => label.textContent(), { timeout: 20_000 }).toMatch(/^Reconnecting in \d+s$/);
    const seconds = Number((await label.textContent())?.match(/\d+/)?.[0]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(LONGEST_WAIT_SECONDS);
    await server.start();
  });
});
