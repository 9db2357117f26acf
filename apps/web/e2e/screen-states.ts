// Watches one item on screen from inside the page: when it first changed after a click, and every state it took.
import type { Page } from 'playwright-core';

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
}

export interface WatchSpec {
  /** The items that may hold it (`article`, `li`), and the text that singles it out. */
  selector: string;
  text: string;
  /** Inside the item: the element whose text (and aria-pressed) is its detail; none: the count alone. */
  detail?: string;
}

/** Starts watching: from now on every DOM change re-reads the item's state; a click or change starts the clock. */
export async function watchItem(page: Page, spec: WatchSpec): Promise<void> {
  await page.evaluate(({ selector, text, detail }) => {
    const read = () => {
      const items = [...document.querySelectorAll(selector)].filter((e) => e.textContent?.includes(text));
      const first = detail ? items[0]?.querySelector(detail) : null;
      const pressed = first?.closest('[aria-pressed]')?.getAttribute('aria-pressed') ?? '';
      return `${items.length}|${first?.textContent ?? ''}${pressed}`;
    };
    const record = {
      states: [read()],
      clickAt: null as number | null,
      changedAt: null as number | null,
      frameAt: null as number | null,
    };
    (window as unknown as { watched: typeof record }).watched = record;
    // A click, or a select's change (which is no click): window's capture phase runs before React's handlers.
    const clicked = (event: Event) => {
      // A text field also fires change, when it loses focus at the mousedown before a click: not the act.
      if (event.type === 'change' && !(event.target instanceof HTMLSelectElement)) return;
      if (record.clickAt !== null) return;
      record.clickAt = performance.now();
      requestAnimationFrame(() => (record.frameAt = performance.now()));
    };
    for (const type of ['click', 'change']) window.addEventListener(type, clicked, { capture: true });
    new MutationObserver(() => {
      const state = read();
      if (state === record.states.at(-1)) return;
      record.states.push(state);
      if (record.clickAt !== null) record.changedAt ??= performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, spec);
}

/** What the watcher saw; `path` is the mutation's tRPC path, to find its answer's timing. */
export async function watched(page: Page, path: string): Promise<Watched> {
  return page.evaluate((path) => {
    type Seen = { states: string[]; clickAt: number | null; changedAt: number | null; frameAt: number | null };
    const { states, clickAt, changedAt, frameAt } = (window as unknown as { watched: Seen }).watched;
    const answer = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes(`/trpc/${path}`))
      .at(-1) as PerformanceResourceTiming | undefined;
    return {
      states,
      clickToScreen: clickAt !== null && changedAt !== null ? changedAt - clickAt : null,
      sameFrame: changedAt !== null && frameAt !== null && changedAt <= frameAt,
      clickToAnswer: clickAt !== null && answer ? answer.responseEnd - clickAt : null,
    };
  }, path);
}

/** Every write the person made is on the stream now (no overlay left on screen). */
export async function settled(page: Page): Promise<void> {
  await page.locator('.pending-writes[data-unsettled="0"]').waitFor({ state: 'attached' });
}
