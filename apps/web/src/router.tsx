import { type AnchorHTMLAttributes, type MouseEvent, useEffect } from 'react';
import { createStore, useStore } from './store.ts';

/** The path part of the URL; the server answers every unknown path with the app, so deep links work. */
export const currentPath = createStore(window.location.pathname);

window.addEventListener('popstate', () => currentPath.set(window.location.pathname));

/** `keepScroll` for a change within the screen (opening a post's comments), where jumping to the top would lose the place. */
export function navigate(to: string, { keepScroll = false }: { keepScroll?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.hash) return;
  window.history.pushState(null, '', to);
  // A `#card` names a place on the screen, not a screen: the path alone picks what to show.
  currentPath.set(new URL(to, window.location.origin).pathname);
  if (!keepScroll) window.scrollTo({ top: 0 });
}

export function usePath(): string {
  return useStore(currentPath);
}

/**
 * Once a list has loaded, scrolls the card the URL's `#id` names into view and marks it (`data-linked`),
 * because the browser's own jump happens before the card exists.
 */
export function useScrollToLinked(loaded: boolean): void {
  useEffect(() => {
    const id = window.location.hash.slice(1);
    const card = loaded && id ? document.getElementById(decodeURIComponent(id)) : null;
    if (!card) return;
    card.scrollIntoView({ block: 'center' });
    card.dataset.linked = 'true';
  }, [loaded]);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const path = usePath();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    // Let the browser handle new-tab and download clicks.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} aria-current={path === to ? 'page' : undefined} onClick={handleClick} {...rest} />;
}
