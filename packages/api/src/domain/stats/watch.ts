import type { Viewer } from '../../context.ts';
import { commitChanges } from '../../live/commit.ts';
import type { Services } from '../../services.ts';

/**
 * An admin's tab opened (or closed) the live figures. Said through the log, so the instance holding the session's
 * stream hears it whichever instance took the call; the stream counts as watching while any of its tabs shows them,
 * and stops with the stream (a new stream starts counting when the tab says so again).
 */
export function watchStats(
  services: Services,
  viewer: Viewer,
  { tab, open }: { tab: string; open: boolean },
): Promise<{ open: boolean }> {
  return commitChanges(services, async (tx) => {
    await tx.control({ topic: '$stats', type: 'updated', id: viewer.sessionId, tab, open });
    return { open };
  });
}
