import { overlayList, type Pending, type Write } from '@adopt/live/browser';
import { useSyncExternalStore } from 'react';
import { LIST_SPECS } from '../live/list-specs.ts';
import { writes } from '../runtime.ts';

/** This person's writes not yet on the stream (and the refused ones), in every tab of the browser. */
export function useWrites(): readonly Write[] {
  return useSyncExternalStore(writes.writes.subscribe, writes.writes.get);
}

type WithPending<D> = D extends { items: (infer T)[] }
  ? Omit<D, 'items'> & { items: (T & Pending)[] }
  : D extends { pages: (infer P)[] }
    ? Omit<D, 'pages'> & { pages: WithPending<P>[] }
    : D;

/** A list query's data with the pending writes on top: what the screen shows from the click on. */
export function useOverlaid<D>(path: string, input: unknown, data: D | undefined): WithPending<D> | undefined {
  const pending = useWrites();
  const spec = LIST_SPECS.get(path);
  if (!spec) throw new Error(`useOverlaid: ${path} is not a live list (see live/list-specs.ts).`);
  // Cheap enough for every render: with no pending write it is the snapshot itself.
  return data === undefined
    ? undefined
    : (overlayList(data, { writes: pending, rules: writes.rules, spec, input }) as WithPending<D>);
}
