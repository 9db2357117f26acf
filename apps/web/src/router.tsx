import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { createStore, useStore } from './store.ts';

/** The path part of the URL; the server answers every unknown path with the app, so deep links work. */
export const currentPath = createStore(window.location.pathname);

window.addEventListener('popstate', () => currentPath.set(window.location.pathname));

/** `keepScroll` for a change within the screen (opening a post's comments), where jumping to the top would lose the place. */
export function navigate(to: string, { keepScroll = false }: { keepScroll?: boolean } = {}): void {
  if (to === window.location.pathname) return;
  window.history.pushState(null, '', to);
  currentPath.set(to);
  if (!keepScroll) window.scrollTo({ top: 0 });
}

export function usePath(): string {
  return useStore(currentPath);
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
