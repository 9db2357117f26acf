// Watches one item on screen from inside the page: when it first changed after a click, every state it took, and
// when the live stream passed the write (the page's count of unsettled writes back to 0).
import type { Page } from 'playwright-core';

/** What the page keeps of the watch; one at a time: a new watch ends the last. */
interface WatchRecord {
  states: string[];
  clickAt: number | null;
  changedAt: number | null;
  frameAt: number | null;
  /** The click's write was seen unsettled, then settled: when the stream had passed it. */
  unsettledSeen: boolean;
  passedAt: number | null;
}

type Watching = { watched: WatchRecord; unwatch?: () => void };

export interface Watched {
  /** The item's states in order, starting with how it was before the click: `count|detail`. */
  states: string[];
  /** Milliseconds from the click to the first change on screen, measured in the page. */
  clickToScreen: number | null;
  /**
   * The change was in the page before the first frame after the click was drawn (it changed in the click's own
   * frame): the first requestAnimationFrame callback after the click ran after the change.
   */
  sameFrame: boolean;
  /** Milliseconds from the click until the mutation's answer had fully arrived (Resource Timing). */
  clickToAnswer: number | null;
  /** Milliseconds from the click until the live stream had passed the write (no write left unsettled). */
  clickToStream: number | null;
}

export interface WatchSpec {
  /** The items that may hold it (`article`, `li`), and the text that singles it out. */
  selector: string;
  text: string;
  /** Inside the item: the element whose text (and aria-pressed) is its detail; none: the count alone. */
  detail?: string;
}

/**
 * Starts watching, ending the last watch: from now on every DOM change re-reads the item's state; a click, or a
 * select's change, starts the clock.
 */
export async function watchItem(page: Page, spec: WatchSpec): Promise<void> {
  await page.evaluate(({ selector, text, detail }) => {
    const read = () => {
      const items = [...document.querySelectorAll(selector)].filter((e) => e.textContent?.includes(text));
      const first = detail ? items[0]?.querySelector(detail) : null;
      const pressed = first?.closest('[aria-pressed]')?.getAttribute('aria-pressed') ?? '';
      return `${items.length}|${first?.textContent ?? ''}${pressed}`;
    };
    const page = window as unknown as Watching;
    page.unwatch?.();
    const record: WatchRecord = {
      states: [read()],
      clickAt: null,
      changedAt: null,
      frameAt: null,
      unsettledSeen: false,
      passedAt: null,
    };
    page.watched = record;
    // Window's capture phase runs before React's handlers.
    const clicked = (event: Event) => {
      // A text field also fires change, when it loses focus at the mousedown before a click: not the act.
      if (event.type === 'change' && !(event.target instanceof HTMLSelectElement)) return;
      if (record.clickAt !== null) return;
      record.clickAt = performance.now();
      requestAnimationFrame(() => (record.frameAt = performance.now()));
    };
    const types = ['click', 'change'];
    for (const type of types) window.addEventListener(type, clicked, { capture: true });
    const observer = new MutationObserver(() => {
      if (record.clickAt !== null) {
        const unsettled = document.querySelector('.pending-writes')?.getAttribute('data-unsettled');
        if (unsettled !== '0') record.unsettledSeen = true;
        else if (record.unsettledSeen) record.passedAt ??= performance.now();
      }
      const state = read();
      if (state === record.states.at(-1)) return;
      record.states.push(state);
      if (record.clickAt !== null) record.changedAt ??= performance.now();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    page.unwatch = () => {
      for (const type of types) window.removeEventListener(type, clicked, { capture: true });
      observer.disconnect();
    };
  }, spec);
}

/** What the watcher saw; `path` is the mutation's tRPC path, to find its answer's timing. */
export async function watched(page: Page, path: string): Promise<Watched> {
  return page.evaluate((path) => {
    const { states, clickAt, changedAt, frameAt, passedAt } = (window as unknown as Watching).watched;
    const answer = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes(`/trpc/${path}`))
      .at(-1) as PerformanceResourceTiming | undefined;
    const since = (at: number | null | undefined) => (clickAt !== null && at != null ? at - clickAt : null);
    return {
      states,
      clickToScreen: since(changedAt),
      sameFrame: changedAt !== null && frameAt !== null && changedAt <= frameAt,
      clickToAnswer: since(answer?.responseEnd),
      clickToStream: since(passedAt),
    };
  }, path);
}

/** Every write the person made is on the stream now (no overlay left on screen). */
export async function settled(page: Page): Promise<void> {
  await page.locator('.pending-writes[data-unsettled="0"]').waitFor({ state: 'attached' });
}
