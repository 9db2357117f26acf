import { useEffect, useState } from 'react';
import { live } from '../../runtime.ts';
import { useStore } from '../../store.ts';
import { errorMessage, trpcClient } from '../../trpc.ts';

// One after the other: a batch runs its calls side by side, and a close overtaken by its open would stay open.
let said: Promise<unknown> = Promise.resolve();

/**
 * Tells the server this tab shows the live figures, for as long as it does: the instances publish them only
 * then. Said again on every new stream (the server forgets with the old one), taken back on unmount and when
 * the page goes away. Returns why the figures may not be coming, if the server could not be told.
 */
export function useWatchStats(): string | null {
  const isLive = useStore(live.status).state === 'live';
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!isLive) return;
    const tab = crypto.randomUUID();
    const say = (open: boolean) => {
      said = said.then(() =>
        trpcClient.stats.watch.mutate({ tab, open }).then(
          () => setProblem(null),
          (error: unknown) => setProblem(`Live figures are not coming: ${errorMessage(error)}`),
        ),
      );
    };
    const close = () => say(false);
    say(true);
    window.addEventListener('pagehide', close);
    return () => {
      window.removeEventListener('pagehide', close);
      close();
    };
  }, [isLive]);
  return problem;
}
