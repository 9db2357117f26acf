// When the live stream passed one's own write, seen from inside the page: the pending-writes list (its
// `data-unsettled` count) is back to 0 after the click. A screen drawn only from the stream shows the change then.
import type { Page } from 'playwright-core';

interface StreamWatch {
  clickAt: number | null;
  passedAt: number | null;
}

/** Starts the clock at the next click or change; stops it when no write is left unsettled. */
export async function watchStream(page: Page): Promise<void> {
  await page.evaluate(() => {
    const record: StreamWatch = { clickAt: null, passedAt: null };
    (window as unknown as { streamWatch: StreamWatch }).streamWatch = record;
    for (const type of ['click', 'change']) {
      window.addEventListener(type, () => (record.clickAt ??= performance.now()), { capture: true });
    }
    new MutationObserver(() => {
      const unsettled = document.querySelector('.pending-writes')?.getAttribute('data-unsettled');
      if (record.clickAt !== null && unsettled === '0') record.passedAt ??= performance.now();
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-unsettled'] });
  });
}

/** Milliseconds from the click until the stream had passed the write, or null if it has not. */
export function clickToStream(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const { clickAt, passedAt } = (window as unknown as { streamWatch: StreamWatch }).streamWatch;
    return clickAt !== null && passedAt !== null ? passedAt - clickAt : null;
  });
}
